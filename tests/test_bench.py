"""The benchmark's synthetic registry has the shape the benchmark promises."""

from bench.generate import build
from members.models import Country, Membership, Organization


def test_the_synthetic_registry_spreads_over_every_seed_country(db):
    made = build(470)

    assert made["countries"] == Country.objects.count() == 47
    assert Organization.objects.values("country").distinct().count() == 47
    assert Organization.objects.count() == 470
    assert Organization.objects.former().count() == 47
    assert Membership.objects.filter(since_year__isnull=True).exists()
    assert Organization.objects.filter(name__contains="é").exists()
    assert Organization.objects.filter(search="").count() == 0
    assert Organization.history.count() == 470


def test_the_same_size_gives_the_same_registry(db):
    build(60)
    first = list(Organization.objects.order_by("slug").values_list("slug", "name", "english_name"))
    Organization.objects.all().delete()
    Country.objects.all().delete()
    build(60)
    assert list(Organization.objects.order_by("slug").values_list("slug", "name", "english_name")) == first
