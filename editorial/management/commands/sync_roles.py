"""`manage.py sync_roles`: give the newsroom's groups exactly the permissions in editorial/roles.py."""

from django.core.management.base import BaseCommand

from editorial.roles import ROLES, sync_roles


class Command(BaseCommand):
    help = "按 editorial/roles.py 的表重新设置各角色（用户组）的权限；可重复运行。"

    def handle(self, *args, **options):
        missing = sync_roles()
        for role, names in ROLES.items():
            self.stdout.write(f"角色“{role}”：{len([n for n in names if n not in missing])} 项权限")
        if missing:
            self.stdout.write("以下权限尚不存在（相应功能还未安装），已跳过：" + "、".join(missing))
        self.stdout.write(self.style.SUCCESS("角色权限已同步。"))
