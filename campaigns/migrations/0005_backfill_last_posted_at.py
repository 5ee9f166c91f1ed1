from django.db import migrations

BACKFILL = """
INSERT INTO campaigns_volunteersettings
       (volunteer_id, reminder_weekday, reminder_hour, public_credit, supporter_digest,
        undeliverable_reason)
SELECT DISTINCT volunteer_id, 4, 18, FALSE, TRUE, ''
  FROM campaigns_post WHERE volunteer_id IS NOT NULL
ON CONFLICT (volunteer_id) DO NOTHING;
UPDATE campaigns_volunteersettings s
   SET last_posted_at = (SELECT max(posted_at) FROM campaigns_post p
                          WHERE p.volunteer_id = s.volunteer_id);
"""


class Migration(migrations.Migration):
    """Fill VolunteerSettings.last_posted_at (added in 0004) from the posts already logged."""

    dependencies = [("campaigns", "0004_organizers")]

    operations = [migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop)]
