"""ZRM domains get a reason; special-category reasons (health, addiction, justice) are encrypted.

Scores recorded before a reason was required get a fixed note saying so, so the new CHECK
constraints hold; for the special domains that note is stored encrypted like any reason there.
"""

from django.db import migrations, models

SPECIAL_DOMAINS = ["geestelijke_gezondheid", "justitie", "lichamelijke_gezondheid", "middelengebruik"]
LEGACY_REASON = "Reden niet vastgelegd: meting van vóór de verplichte reden per domein."


def fill_and_encrypt_reasons(apps, schema_editor):  # type: ignore[no-untyped-def]
    from core.bsn import encrypt_text

    score_model = apps.get_model("casework", "AssessmentScore")
    rows = score_model.objects.filter(reason="", reason_encrypted="")
    rows.exclude(domain__in=SPECIAL_DOMAINS).update(reason=LEGACY_REASON)
    special = list(rows.filter(domain__in=SPECIAL_DOMAINS))
    for row in special:
        # Fernet uses a random IV, so each row gets its own ciphertext.
        row.reason_encrypted = encrypt_text(row.reason or LEGACY_REASON)
        row.reason = ""
    score_model.objects.bulk_update(special, ["reason", "reason_encrypted"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0010_safety_net'),
    ]

    operations = [
        migrations.AddField(
            model_name='assessmentscore',
            name='reason',
            field=models.TextField(blank=True, verbose_name='reden'),
        ),
        migrations.AddField(
            model_name='assessmentscore',
            name='reason_encrypted',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill_and_encrypt_reasons, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='assessmentscore',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('reason', ''), _negated=True), models.Q(('reason_encrypted', ''), _negated=True), _connector='OR'), name='score_has_reason', violation_error_message='Geef aan waarom dit domein is ingevuld.'),
        ),
        migrations.AddConstraint(
            model_name='assessmentscore',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('domain__in', ['geestelijke_gezondheid', 'justitie', 'lichamelijke_gezondheid', 'middelengebruik']), ('reason', '')), models.Q(models.Q(('domain__in', ['geestelijke_gezondheid', 'justitie', 'lichamelijke_gezondheid', 'middelengebruik']), _negated=True), ('reason_encrypted', '')), _connector='OR'), name='score_special_reason_encrypted'),
        ),
    ]
