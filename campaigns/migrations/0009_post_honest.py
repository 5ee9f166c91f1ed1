# Posts that count, logged once (issue 13): a form submitted twice makes one post, and a
# post needs a link or a description of at least a sentence.
from django.conf import settings
from django.db import migrations, models

SENTENCE = (
    r"^[ \t\n\r\u00a0\u3000]*[^ \t\n\r\u00a0\u3000]+([ \t\n\r\u00a0\u3000]+[^ \t\n\r\u00a0\u3000]+){4}"
    r"|^[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]*"
    r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff][^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]*){10}"
)

ADD_NOT_VALID = """
    ALTER TABLE campaigns_post ADD CONSTRAINT post_has_link_or_sentence
    CHECK (volunteer_id IS NULL OR NOT (link = '') OR text::text ~ %s) NOT VALID
"""


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0008_outbox_period_fits_kind"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="submission_key",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddConstraint(
            model_name="post",
            constraint=models.UniqueConstraint(
                fields=("volunteer", "submission_key"), name="post_submission_once"
            ),
        ),
        # NOT VALID: the posts logged before this rule (some empty) stay as they are and
        # keep counting in past weeks; every row inserted or updated from now on must
        # comply. Django cannot say NOT VALID, hence the SQL, with the constraint in the
        # state so that models and migrations agree.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql=[(ADD_NOT_VALID, [SENTENCE])],
                    reverse_sql=[
                        "ALTER TABLE campaigns_post DROP CONSTRAINT post_has_link_or_sentence"
                    ],
                )
            ],
            state_operations=[
                migrations.AddConstraint(
                    model_name="post",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("volunteer__isnull", True),
                            models.Q(("link", ""), _negated=True),
                            ("text__regex", SENTENCE),
                            _connector="OR",
                        ),
                        name="post_has_link_or_sentence",
                    ),
                )
            ],
        ),
    ]
