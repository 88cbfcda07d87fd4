"""`manage.py create_editor USERNAME --role 编辑`: a newsroom account in one role, password prompted."""

import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from editorial.roles import ROLES, make_staff


class Command(BaseCommand):
    help = (
        "创建或更新一个编辑部账号并设定角色（编辑、校对、值班主任、只读）；不给 --password 时会提示输入密码。"
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="登录名")
        parser.add_argument("--role", required=True, choices=list(ROLES), help="角色")
        parser.add_argument("--password", help="密码；不给则提示输入（不回显）")

    def handle(self, *args, username, role, password, **options):
        if password is None:
            password = self.prompt_password()
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError("密码不合格：" + "；".join(error.messages)) from None
        user, created = make_staff(username, role, password)
        verb = "已创建" if created else "已更新"
        self.stdout.write(self.style.SUCCESS(f"{verb}账号 {user.username}，角色：{role}，可登录编辑后台。"))

    def prompt_password(self) -> str:
        try:
            first = getpass.getpass("密码：")
            second = getpass.getpass("再输入一次：")
        except (EOFError, KeyboardInterrupt):
            raise CommandError("没有输入密码，已取消。") from None
        if not first:
            raise CommandError("密码不能为空。")
        if first != second:
            raise CommandError("两次输入的密码不一致，已取消。")
        return first
