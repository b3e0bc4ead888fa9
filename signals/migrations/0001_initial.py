# The signal models, moved here from the breakthroughs app (breakthroughs.0003 removes them
# from its state). The tables were created by breakthroughs.0002 and keep their names (db_table),
# so this migration only creates the model state: no table is created, copied or renamed. The
# content types follow the models, so the permissions attached to them stay attached.

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


MOVED_MODELS = ('signal', 'signallink', 'signalstatuschange', 'signalreport', 'deliveryattempt')


def move_content_types(apps, schema_editor, source='breakthroughs', target='signals'):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    db = schema_editor.connection.alias
    for model in MOVED_MODELS:
        if ContentType.objects.using(db).filter(app_label=target, model=model).exists():
            continue
        ContentType.objects.using(db).filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source='signals', target='breakthroughs')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('breakthroughs', '0002_alter_breakthrough_knelpunt_type_signal_signallink_and_more'),
        ('core', '0002_auditlog_append_only_trigger'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Signal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('title', models.CharField(max_length=200, verbose_name='titel')),
                        ('regulation_code', models.CharField(max_length=60, verbose_name='regeling')),
                        ('article', models.CharField(blank=True, max_length=60, verbose_name='artikel')),
                        ('body', models.CharField(max_length=150, verbose_name='verantwoordelijke instantie')),
                        ('knelpunt_type', models.CharField(choices=[('samenloop', 'Samenloop van regels'), ('leeftijds_of_inkomensgrens', 'Leeftijds- of inkomensgrens'), ('geen_afwijkingsbevoegdheid', 'Geen bevoegdheid om af te wijken'), ('uitvoeringspraktijk', 'Uitvoeringspraktijk'), ('gegevensuitwisseling', 'Gegevensuitwisseling'), ('onduidelijk_wie_beslist', 'Onduidelijk wie beslist'), ('terugvordering_bevoorschotting', 'Terugvordering / bevoorschotting'), ('armoedeval', 'Armoedeval')], max_length=40, verbose_name='soort knelpunt')),
                        ('theme', models.CharField(choices=[('schulden', 'Schulden'), ('wonen', 'Wonen'), ('zorg', 'Zorg'), ('arbeidsmarkt_beperking', 'Arbeidsmarkt en beperking'), ('uitvoerbaar_stelsel', 'Uitvoerbaar stelsel')], max_length=25, verbose_name='thema')),
                        ('description', models.TextField(verbose_name='neutrale omschrijving')),
                        ('workaround', models.TextField(blank=True, verbose_name='gebruikte omweg')),
                        ('proposed_fix', models.TextField(blank=True, verbose_name='voorgestelde oplossing')),
                        ('route', models.CharField(choices=[('local_policy', 'Lokaal beleid'), ('regional', 'Regionaal'), ('landelijk_maatwerkloket', 'Landelijk maatwerkloket'), ('ministry', 'Ministerie'), ('vng', 'VNG')], max_length=30, verbose_name='route')),
                        ('status', models.CharField(choices=[('draft', 'Concept'), ('reviewed', 'Beoordeeld'), ('sent', 'Verstuurd'), ('acknowledged', 'Ontvangst bevestigd'), ('in_policy_cycle', 'In beleidscyclus'), ('resolved', 'Opgelost'), ('rejected', 'Afgewezen')], default='draft', max_length=20, verbose_name='status')),
                        ('answer', models.TextField(blank=True, verbose_name='ontvangen antwoord')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.municipality')),
                    ],
                    options={
                        'verbose_name': 'signaal',
                        'verbose_name_plural': 'signalen',
                        'db_table': 'breakthroughs_signal',
                        'ordering': ['-updated_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='SignalLink',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('added_at', models.DateTimeField(auto_now_add=True)),
                        ('added_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('breakthrough', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='breakthroughs.breakthrough')),
                        ('signal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='links', to='signals.signal')),
                    ],
                    options={
                        'db_table': 'breakthroughs_signallink',
                    },
                ),
                migrations.AddField(
                    model_name='signal',
                    name='breakthroughs',
                    field=models.ManyToManyField(blank=True, related_name='signals', through='signals.SignalLink', to='breakthroughs.breakthrough'),
                ),
                migrations.CreateModel(
                    name='SignalReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('report_id', models.UUIDField(unique=True)),
                        ('period_label', models.CharField(max_length=10, verbose_name='periode')),
                        ('period_start', models.DateField()),
                        ('period_end', models.DateField()),
                        ('revision', models.PositiveSmallIntegerField(default=1)),
                        ('content', models.JSONField(verbose_name='rapport')),
                        ('content_sha256', models.CharField(max_length=64)),
                        ('status', models.CharField(choices=[('generated', 'Opgesteld'), ('approved', 'Goedgekeurd'), ('sending', 'Wordt verstuurd'), ('sent', 'Verstuurd'), ('conflict', 'Conflict bij ontvanger'), ('failed', 'Versturen mislukt'), ('superseded', 'Vervangen door correctie')], default='generated', max_length=12)),
                        ('generated_at', models.DateTimeField()),
                        ('approved_at', models.DateTimeField(blank=True, null=True)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('next_attempt_at', models.DateTimeField(blank=True, null=True)),
                        ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.municipality')),
                    ],
                    options={
                        'verbose_name': 'signaalrapportage',
                        'verbose_name_plural': 'signaalrapportages',
                        'db_table': 'breakthroughs_signalreport',
                        'ordering': ['-period_start', '-revision'],
                    },
                ),
                migrations.CreateModel(
                    name='DeliveryAttempt',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('attempted_at', models.DateTimeField(auto_now_add=True)),
                        ('status_code', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('outcome', models.CharField(max_length=20)),
                        ('detail', models.CharField(blank=True, max_length=500)),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attempts', to='signals.signalreport')),
                    ],
                    options={
                        'db_table': 'breakthroughs_deliveryattempt',
                        'ordering': ['report', 'attempted_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='SignalStatusChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('from_status', models.CharField(choices=[('draft', 'Concept'), ('reviewed', 'Beoordeeld'), ('sent', 'Verstuurd'), ('acknowledged', 'Ontvangst bevestigd'), ('in_policy_cycle', 'In beleidscyclus'), ('resolved', 'Opgelost'), ('rejected', 'Afgewezen')], max_length=20)),
                        ('to_status', models.CharField(choices=[('draft', 'Concept'), ('reviewed', 'Beoordeeld'), ('sent', 'Verstuurd'), ('acknowledged', 'Ontvangst bevestigd'), ('in_policy_cycle', 'In beleidscyclus'), ('resolved', 'Opgelost'), ('rejected', 'Afgewezen')], max_length=20)),
                        ('route', models.CharField(blank=True, choices=[('local_policy', 'Lokaal beleid'), ('regional', 'Regionaal'), ('landelijk_maatwerkloket', 'Landelijk maatwerkloket'), ('ministry', 'Ministerie'), ('vng', 'VNG')], max_length=30)),
                        ('answer', models.TextField(blank=True)),
                        ('note', models.TextField(blank=True)),
                        ('at', models.DateTimeField(auto_now_add=True)),
                        ('actor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('signal', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='history', to='signals.signal')),
                    ],
                    options={
                        'db_table': 'breakthroughs_signalstatuschange',
                        'ordering': ['signal', 'at', 'id'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='signallink',
                    constraint=models.UniqueConstraint(fields=('signal', 'breakthrough'), name='signal_link_unique'),
                ),
                migrations.AddIndex(
                    model_name='signal',
                    index=models.Index(fields=['municipality', 'status'], name='signal_muni_status'),
                ),
                migrations.AddConstraint(
                    model_name='signalreport',
                    constraint=models.UniqueConstraint(fields=('municipality', 'period_start', 'period_end', 'revision'), name='report_unique_revision'),
                ),
                migrations.AddConstraint(
                    model_name='signalreport',
                    constraint=models.CheckConstraint(condition=models.Q(('period_end__gte', models.F('period_start'))), name='report_period_order'),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
