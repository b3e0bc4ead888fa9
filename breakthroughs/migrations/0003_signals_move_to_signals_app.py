# The signal models moved to the signals app. Their tables stay where they are (the signals app
# keeps the names through db_table): this migration only removes them from the breakthroughs
# app's model state, after signals.0001 has taken them over.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('breakthroughs', '0002_alter_breakthrough_knelpunt_type_signal_signallink_and_more'),
        ('signals', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name='signal', name='breakthroughs'),
                migrations.DeleteModel(name='DeliveryAttempt'),
                migrations.DeleteModel(name='SignalLink'),
                migrations.DeleteModel(name='SignalStatusChange'),
                migrations.DeleteModel(name='SignalReport'),
                migrations.DeleteModel(name='Signal'),
            ],
            database_operations=[],
        ),
    ]
