"""ZRM domains get a reason; special-category scores and reasons (health, addiction, justice)
are stored only encrypted with the BSN's keys.

Existing rows: scores recorded before a reason was required get a fixed note saying so, so the
new CHECK constraints hold; for the special domains the score moves into `score_encrypted` (the
plain column is emptied) and the note is stored encrypted like any reason there.
"""

from django.db import migrations, models

SPECIAL_DOMAINS = ["geestelijke_gezondheid", "justitie", "lichamelijke_gezondheid", "middelengebruik"]
LEGACY_REASON = "Reden niet vastgelegd: meting van vóór de verplichte reden per domein."


def fill_and_encrypt(apps, schema_editor):  # type: ignore[no-untyped-def]
    from core.bsn import encrypt_text

    score_model = apps.get_model("casework", "AssessmentScore")
    score_model.objects.filter(reason="", reason_encrypted="").exclude(
        domain__in=SPECIAL_DOMAINS
    ).update(reason=LEGACY_REASON)
    special = list(score_model.objects.filter(domain__in=SPECIAL_DOMAINS, score__isnull=False))
    for row in special:
        # Fernet uses a random IV: equal scores get different ciphertexts.
        row.score_encrypted = encrypt_text(str(row.score))
        row.score = None
        row.reason_encrypted = row.reason_encrypted or encrypt_text(row.reason or LEGACY_REASON)
        row.reason = ""
    score_model.objects.bulk_update(
        special, ["score", "score_encrypted", "reason", "reason_encrypted"], batch_size=1000
    )


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0011_debt_help_phase'),
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
        migrations.AddField(
            model_name='assessmentscore',
            name='score_encrypted',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AlterField(
            model_name='assessmentscore',
            name='score',
            field=models.PositiveSmallIntegerField(blank=True, choices=[(1, 'Acute problematiek'), (2, 'Niet zelfredzaam'), (3, 'Beperkt zelfredzaam'), (4, 'Voldoende zelfredzaam'), (5, 'Volledig zelfredzaam')], null=True, verbose_name='score'),
        ),
        migrations.RunPython(fill_and_encrypt, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='assessmentscore',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('reason', ''), _negated=True), models.Q(('reason_encrypted', ''), _negated=True), _connector='OR'), name='score_has_reason', violation_error_message='Geef aan waarom dit domein is ingevuld.'),
        ),
        migrations.AddConstraint(
            model_name='assessmentscore',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('domain__in', ['geestelijke_gezondheid', 'justitie', 'lichamelijke_gezondheid', 'middelengebruik']), ('reason', ''), ('score__isnull', True), models.Q(('score_encrypted', ''), _negated=True)), models.Q(models.Q(('domain__in', ['geestelijke_gezondheid', 'justitie', 'lichamelijke_gezondheid', 'middelengebruik']), _negated=True), ('reason_encrypted', ''), ('score__isnull', False), ('score_encrypted', '')), _connector='OR'), name='score_special_encrypted'),
        ),
    ]
