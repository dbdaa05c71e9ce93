import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
import members.validators
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def compare_sort_names_by_bytes(apps, schema_editor):
    """Give Organization.sort_name PostgreSQL's "C" collation: byte order, as SQLite
    compares text by default, so names sort alike on both (its indexes are rebuilt)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE members_organization ALTER COLUMN sort_name TYPE varchar(401) COLLATE "C"'
        )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Country',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(help_text="ISO 3166-1 alpha-2, e.g. CM. Public: it is the country's URL.", max_length=2, unique=True, validators=[django.core.validators.RegexValidator('^[A-Z]{2}$', 'Use the two capital letters of ISO 3166-1.')], verbose_name='ISO code')),
                ('name', models.CharField(help_text='English short name as the public sees it, e.g. Ivory Coast.', max_length=100, unique=True, validators=[members.validators.validate_printable_name])),
                ('continent', models.CharField(choices=[('africa', 'Africa'), ('asia', 'Asia'), ('europe', 'Europe'), ('latin-america', 'Latin America'), ('north-america', 'North America'), ('oceania', 'Oceania')], help_text='The group the public list uses.', max_length=20)),
                ('version', models.PositiveIntegerField(default=1, editable=False, help_text='Raised by every change; a save from an older version is refused. Editors see it read-only.')),
            ],
            options={
                'verbose_name_plural': 'countries',
                'ordering': ['name'],
                'constraints': [models.CheckConstraint(condition=models.Q(('continent__in', ['africa', 'asia', 'europe', 'latin-america', 'north-america', 'oceania'])), name='country_continent_valid', violation_error_message='Choose one of the six continents.'), models.CheckConstraint(condition=models.Q(django.db.models.lookups.Exact(django.db.models.functions.text.Length('code'), 2), ('code', django.db.models.functions.text.Upper('code'))), name='country_code_two_capitals', violation_error_message='The ISO code is two capital letters.'), models.CheckConstraint(condition=models.Q(('name', ''), _negated=True), name='country_name_not_empty', violation_error_message='A country needs a name.')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalCountry',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('code', models.CharField(db_index=True, help_text="ISO 3166-1 alpha-2, e.g. CM. Public: it is the country's URL.", max_length=2, validators=[django.core.validators.RegexValidator('^[A-Z]{2}$', 'Use the two capital letters of ISO 3166-1.')], verbose_name='ISO code')),
                ('name', models.CharField(db_index=True, help_text='English short name as the public sees it, e.g. Ivory Coast.', max_length=100, validators=[members.validators.validate_printable_name])),
                ('continent', models.CharField(choices=[('africa', 'Africa'), ('asia', 'Asia'), ('europe', 'Europe'), ('latin-america', 'Latin America'), ('north-america', 'North America'), ('oceania', 'Oceania')], help_text='The group the public list uses.', max_length=20)),
                ('version', models.PositiveIntegerField(default=1, editable=False, help_text='Raised by every change; a save from an older version is refused. Editors see it read-only.')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical country',
                'verbose_name_plural': 'historical countries',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalOrganization',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(help_text='The name in its original language, exactly as the organization writes it.', max_length=200, validators=[members.validators.validate_printable_name])),
                ('abbreviation', models.CharField(blank=True, help_text='Leave blank if the organization uses none.', max_length=50, validators=[members.validators.validate_printable_name])),
                ('english_name', models.CharField(blank=True, help_text='Leave blank when the name is already English.', max_length=200, validators=[members.validators.validate_printable_name], verbose_name='English name')),
                ('slug', models.SlugField(help_text="The record's public URL. Made once from abbreviation or name and country; a rename leaves it alone.", max_length=100)),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('version', models.PositiveIntegerField(default=1, editable=False, help_text='Raised by every change; a save from an older version is refused. Editors see it read-only.')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('country', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.country')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical organization',
                'verbose_name_plural': 'historical organizations',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Organization',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='The name in its original language, exactly as the organization writes it.', max_length=200, validators=[members.validators.validate_printable_name])),
                ('abbreviation', models.CharField(blank=True, help_text='Leave blank if the organization uses none.', max_length=50, validators=[members.validators.validate_printable_name])),
                ('english_name', models.CharField(blank=True, help_text='Leave blank when the name is already English.', max_length=200, validators=[members.validators.validate_printable_name], verbose_name='English name')),
                ('slug', models.SlugField(help_text="The record's public URL. Made once from abbreviation or name and country; a rename leaves it alone.", max_length=100, unique=True)),
                ('search', models.TextField(default='', editable=False, help_text='Folded name, abbreviation, English name and country, for search. Kept by the registry; nobody edits it.')),
                ('sort_name', models.CharField(default='', editable=False, help_text='The name folded, then the name itself: the order of the public lists. Kept by the registry; nobody edits it.', max_length=401)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('version', models.PositiveIntegerField(default=1, editable=False, help_text='Raised by every change; a save from an older version is refused. Editors see it read-only.')),
                ('member_since', models.PositiveSmallIntegerField(editable=False, help_text='Joining year of the latest period; blank if unknown. Shown publicly.', null=True, verbose_name='member since')),
                ('member_until', models.PositiveSmallIntegerField(editable=False, help_text='Leaving year of the latest period; blank while a member.', null=True, verbose_name='member until')),
                ('is_member', models.BooleanField(default=False, editable=False, help_text='Has an open membership period. Shown publicly.', verbose_name='current member')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='organizations', to='members.country')),
            ],
            options={
                'ordering': ['sort_name'],
            },
        ),
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('since_year', models.PositiveSmallIntegerField(blank=True, help_text='Year the organization joined; blank if unknown. Shown publicly.', null=True, validators=[members.validators.validate_not_before_founding, members.validators.validate_not_future_year], verbose_name='member since')),
                ('until_year', models.PositiveSmallIntegerField(blank=True, help_text='Year it left; blank while it is still a member.', null=True, validators=[members.validators.validate_not_before_founding, members.validators.validate_not_future_year], verbose_name='member until')),
                ('source', models.TextField(blank=True, help_text='Where the fact comes from (citation or URL). Shown publicly.')),
                ('note', models.TextField(blank=True, help_text='Anything an editor should know. Shown publicly.')),
                ('version', models.PositiveIntegerField(default=1, editable=False, help_text='Raised by every change; a save from an older version is refused. Editors see it read-only.')),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='members.organization')),
            ],
            options={
                'ordering': ['organization', 'since_year'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalMembership',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('since_year', models.PositiveSmallIntegerField(blank=True, help_text='Year the organization joined; blank if unknown. Shown publicly.', null=True, validators=[members.validators.validate_not_before_founding, members.validators.validate_not_future_year], verbose_name='member since')),
                ('until_year', models.PositiveSmallIntegerField(blank=True, help_text='Year it left; blank while it is still a member.', null=True, validators=[members.validators.validate_not_before_founding, members.validators.validate_not_future_year], verbose_name='member until')),
                ('source', models.TextField(blank=True, help_text='Where the fact comes from (citation or URL). Shown publicly.')),
                ('note', models.TextField(blank=True, help_text='Anything an editor should know. Shown publicly.')),
                ('version', models.PositiveIntegerField(default=1, editable=False, help_text='Raised by every change; a save from an older version is refused. Editors see it read-only.')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organization', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.organization')),
            ],
            options={
                'verbose_name': 'historical membership',
                'verbose_name_plural': 'historical memberships',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(compare_sort_names_by_bytes, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='organization',
            index=models.Index(fields=['sort_name', 'id'], name='organization_name_id'),
        ),
        migrations.AddIndex(
            model_name='organization',
            index=models.Index(fields=['is_member', 'sort_name', 'id', 'search'], name='organization_member_name'),
        ),
        migrations.AddIndex(
            model_name='organization',
            index=models.Index(fields=['is_member', 'member_since', 'sort_name', 'id', 'member_until'], name='organization_member_years'),
        ),
        migrations.AddIndex(
            model_name='organization',
            index=models.Index(fields=['is_member', 'abbreviation', 'sort_name', 'id'], name='organization_member_abbr'),
        ),
        migrations.AddIndex(
            model_name='organization',
            index=models.Index(fields=['country', 'is_member', 'member_since', 'sort_name', 'id', 'member_until'], name='organization_country_member'),
        ),
        migrations.AddConstraint(
            model_name='organization',
            constraint=models.UniqueConstraint(fields=('country', 'name'), name='organization_unique_name_per_country', violation_error_message='This country already has an organization with this name.'),
        ),
        migrations.AddConstraint(
            model_name='organization',
            constraint=models.CheckConstraint(condition=models.Q(('name', ''), _negated=True), name='organization_name_not_empty', violation_error_message='An organization needs a name.'),
        ),
        migrations.AddConstraint(
            model_name='organization',
            constraint=models.CheckConstraint(condition=models.Q(('slug', ''), _negated=True), name='organization_slug_not_empty', violation_error_message='An organization needs a slug.'),
        ),
        migrations.AddIndex(
            model_name='membership',
            index=models.Index(fields=['since_year', 'until_year', 'organization'], name='membership_years'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.CheckConstraint(condition=models.Q(('since_year__isnull', True), ('since_year__gte', 2010), _connector='OR'), name='membership_since_from_founding', violation_error_message='ICOR was founded in 2010; the joining year cannot be earlier.'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.CheckConstraint(condition=models.Q(('until_year__isnull', True), ('until_year__gte', 2010), _connector='OR'), name='membership_until_from_founding', violation_error_message='ICOR was founded in 2010; the leaving year cannot be earlier.'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.CheckConstraint(condition=models.Q(('since_year__isnull', True), ('until_year__isnull', True), ('until_year__gte', models.F('since_year')), _connector='OR'), name='membership_until_after_since', violation_error_message='The leaving year cannot be before the joining year.'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.UniqueConstraint(condition=models.Q(('until_year__isnull', True)), fields=('organization',), name='membership_one_open_period', violation_error_message='This organization already has an open membership period; give that one a leaving year first.'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.UniqueConstraint(fields=('organization', 'since_year'), name='membership_unique_start', violation_error_message='This organization already has a period starting that year.'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.UniqueConstraint(condition=models.Q(('since_year__isnull', True)), fields=('organization',), name='membership_one_unknown_start', violation_error_message='This organization already has a period with an unknown joining year.'),
        ),
    ]
