"""Pure text helpers shared by tagging and search (no ORM here)."""
