# The volunteer's Mastodon instance, for the "Post on Mastodon" link (issue 13).
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0009_post_honest")]

    operations = [
        migrations.AddField(
            model_name="volunteersettings",
            name="mastodon_instance",
            field=models.CharField(
                blank=True,
                help_text="For the “Post on Mastodon” button, e.g. mastodon.social.",
                max_length=253,
                verbose_name="your Mastodon server",
            ),
        ),
        migrations.AddConstraint(
            model_name="volunteersettings",
            constraint=models.CheckConstraint(
                condition=models.Q(("mastodon_instance__regex", "^([a-z0-9-]+(\\.[a-z0-9-]+)+)?$")),
                name="mastodon_instance_is_a_host",
            ),
        ),
    ]
