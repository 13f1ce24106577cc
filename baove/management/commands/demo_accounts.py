import base64

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from baove import demo


class Command(BaseCommand):
    help = "Print the demo accounts, their password and their current 2FA codes (BAOVE_DEMO=1 only)."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")
        parser.add_argument("--code", metavar="USERNAME", help="print only the current 2FA code of this account")

    def handle(self, *args, url, code, **options):
        if not settings.DEMO:
            raise CommandError("Only for the demo (BAOVE_DEMO=1).")
        devices = {
            d.user_id: d for d in TOTPDevice.objects.filter(confirmed=True, user__in=[u for _, u in demo.demo_users()])
        }
        if code:
            user = next((u for a, u in demo.demo_users() if a.username == code), None)
            device = devices.get(user.pk) if user else None
            if device is None:
                raise CommandError(f"{code}: no such demo account with 2FA.")
            self.stdout.write(f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
            return
        out = self.stdout.write
        out("")
        out(f"baove demo at {url}  (sign in at {url}staff/accounts/login/)")
        out(f"Password of every demo account: {demo.DEMO_PASSWORD}")
        out("")
        out(f"{'account':<11} {'role':<32} {'unit':<40} 2FA key (authenticator app)")
        for account, user in demo.demo_users():
            device = devices.get(user.pk)
            key = base64.b32encode(device.bin_key).decode() if device else "-"
            unit = next(m.unit.name for m in user.memberships.select_related("unit"))
            out(f"{account.username:<11} {str(account.role.label):<32} {unit[:40]:<40} {key}")
        out("")
        out("Accounts with a 2FA key ask for a six-digit code after the password. Add the key to an")
        out("authenticator app, or print the current code with:")
        out("    make totp ACCOUNT=truongban")
        out("")
        receipts = demo.demo_receipts()
        if receipts:
            out(f"A reporter's view: follow up a demo report at {url}portal/follow-up/ with the receipt")
            out(f"    {receipts[0]}")
            out("")
