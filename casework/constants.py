"""Choices of the casework domain. Stable codes in English, labels in Dutch."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class HouseholdStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Afgesloten")


class Relation(models.TextChoices):
    # The codes are those of the screening contract (SCHEMES.md section 0).
    APPLICANT = "applicant", _("Aanvrager")
    PARTNER = "partner", _("Partner")
    CHILD = "child", _("Kind")
    HOUSEMATE = "housemate", _("Inwonende volwassene")


class IncomeKind(models.TextChoices):
    WAGES = "wages", _("Loon")
    PARTICIPATIEWET = "participatiewet", _("Uitkering Participatiewet")
    WW = "ww", _("WW")
    WIA_WAJONG = "wia_wajong", _("WIA / Wajong")
    AOW = "aow", _("AOW")
    SELF_EMPLOYED = "self_employed", _("Zelfstandige")
    ALIMONY = "alimony", _("Alimentatie")
    STUDENT_FINANCE = "student_finance", _("Studiefinanciering")
    OTHER = "other", _("Anders")


class Period(models.TextChoices):
    WEEK = "week", _("Per week")
    FOUR_WEEKS = "four_weeks", _("Per 4 weken")
    MONTH = "month", _("Per maand")
    YEAR = "year", _("Per jaar")


# Factors that turn an amount per period into an amount per month.
MONTHLY_FACTOR: dict[str, Decimal] = {
    Period.WEEK: Decimal(52) / Decimal(12),
    Period.FOUR_WEEKS: Decimal(13) / Decimal(12),
    Period.MONTH: Decimal(1),
    Period.YEAR: Decimal(1) / Decimal(12),
}


class AssetKind(models.TextChoices):
    BANK = "bank", _("Bankrekening")
    SAVINGS = "savings", _("Spaargeld")
    VEHICLE = "vehicle", _("Auto of ander voertuig")
    HOME_EQUITY = "home_equity", _("Overwaarde eigen woning")
    OTHER = "other", _("Anders")


class ChildcareKind(models.TextChoices):
    """Formal childcare of a child (the codes of the screening contract)."""

    NONE = "none", _("Geen formele kinderopvang")
    DAYCARE = "dagopvang", _("Dagopvang")
    AFTER_SCHOOL = "bso", _("Buitenschoolse opvang")
    CHILDMINDER = "gastouder", _("Gastouderopvang")


class Tenure(models.TextChoices):
    # Codes of the screening contract where they overlap.
    SOCIAL_RENT = "social_rent", _("Huur, sociale sector")
    PRIVATE_RENT = "private_rent", _("Huur, vrije sector")
    OWNER = "owner", _("Koopwoning")
    LIVING_IN = "living_in", _("Inwonend")
    HOMELESS = "homeless", _("Dakloos")


class LandlordKind(models.TextChoices):
    CORPORATION = "corporation", _("Woningcorporatie")
    PRIVATE = "private", _("Particuliere verhuurder")


class CreditorKind(models.TextChoices):
    BELASTINGDIENST = "belastingdienst", _("Belastingdienst")
    TOESLAGEN = "toeslagen", _("Dienst Toeslagen")
    CJIB = "cjib", _("CJIB")
    HEALTH_INSURER = "zorgverzekeraar", _("Zorgverzekeraar")
    LANDLORD = "verhuurder", _("Verhuurder")
    ENERGY = "energie", _("Energieleverancier")
    WATER = "water", _("Drinkwaterbedrijf")
    TELECOM = "telecom", _("Telecom")
    BNPL = "bnpl", _("Achteraf betalen (BNPL)")
    ONLINE_GAMBLING = "online_gokken", _("Online gokken")
    CREDIT_PROVIDER = "kredietverstrekker", _("Kredietverstrekker")
    COLLECTION_AGENCY = "incasso", _("Incassobureau")
    MUNICIPALITY = "gemeente", _("Gemeente")
    PRIVATE_PERSON = "particulier", _("Particulier")
    OTHER = "other", _("Anders")


class SchemeCode(models.TextChoices):
    """The scheme codes of SCHEMES.md section 0 (a test keeps them equal to the engine's)."""

    BIJSTAND = "bijstand", _("Algemene bijstand (Participatiewet)")
    ZORGTOESLAG = "zorgtoeslag", _("Zorgtoeslag")
    HUURTOESLAG = "huurtoeslag", _("Huurtoeslag")
    KINDGEBONDEN_BUDGET = "kindgebonden_budget", _("Kindgebonden budget")
    KINDERBIJSLAG = "kinderbijslag", _("Kinderbijslag")
    KINDEROPVANGTOESLAG = "kinderopvangtoeslag", _("Kinderopvangtoeslag")
    INDIVIDUELE_INKOMENSTOESLAG = "individuele_inkomenstoeslag", _("Individuele inkomenstoeslag")
    BIJZONDERE_BIJSTAND = "bijzondere_bijstand", _("Bijzondere bijstand")
    COLLECTIEVE_ZORGVERZEKERING = "collectieve_zorgverzekering", _("Collectieve zorgverzekering")
    KWIJTSCHELDING = (
        "kwijtschelding_gemeentelijke_belastingen",
        _("Kwijtschelding gemeentelijke belastingen"),
    )
    SCHULDHULPVERLENING = "schuldhulpverlening", _("Schuldhulpverlening")
    TEGEMOETKOMING_ALLEENVERDIENERS = (
        "tegemoetkoming_alleenverdieners",
        _("Tegemoetkoming alleenverdieners"),
    )


class ZrmDomain(models.TextChoices):
    """The 13 domains of the Zelfredzaamheid-Matrix (ZRM) 2017."""

    FINANCES = "financien", _("Financiën")
    WORK_EDUCATION = "werk_opleiding", _("Werk & opleiding")
    DAYTIME = "tijdsbesteding", _("Tijdsbesteding")
    HOUSING = "huisvesting", _("Huisvesting")
    DOMESTIC_RELATIONS = "huiselijke_relaties", _("Huiselijke relaties")
    MENTAL_HEALTH = "geestelijke_gezondheid", _("Geestelijke gezondheid")
    PHYSICAL_HEALTH = "lichamelijke_gezondheid", _("Lichamelijke gezondheid")
    ADDICTION = "middelengebruik", _("Middelengebruik")
    BASIC_ADL = "basale_adl", _("Basale ADL")
    INSTRUMENTAL_ADL = "instrumentele_adl", _("Instrumentele ADL")
    SOCIAL_NETWORK = "sociaal_netwerk", _("Sociaal netwerk")
    PARTICIPATION = "maatschappelijke_participatie", _("Maatschappelijke participatie")
    JUSTICE = "justitie", _("Justitie")


# ZRM domains that hold special categories of personal data (AVG art. 9 health; art. 10 justice):
# their reasons are stored encrypted and every read of them names the category in the audit row.
SPECIAL_CATEGORY_BY_DOMAIN: dict[str, str] = {
    ZrmDomain.MENTAL_HEALTH.value: "gezondheid",
    ZrmDomain.PHYSICAL_HEALTH.value: "gezondheid",
    ZrmDomain.ADDICTION.value: "verslaving",
    ZrmDomain.JUSTICE.value: "justitie",
}
SPECIAL_DOMAINS = sorted(SPECIAL_CATEGORY_BY_DOMAIN)
ZRM_REASON_MAX_LENGTH = 1000


def zrm_filterable_choices() -> list[tuple[str, str]]:
    """The domains a list may filter on: special-category scores are encrypted, not searchable."""
    return [(v, label) for v, label in ZrmDomain.choices if v not in SPECIAL_CATEGORY_BY_DOMAIN]


def special_categories(domains: object) -> list[str]:
    """The special categories (sorted, once each) among these ZRM domain codes."""
    return sorted(
        {SPECIAL_CATEGORY_BY_DOMAIN[d] for d in domains if d in SPECIAL_CATEGORY_BY_DOMAIN}
    )


class ZrmScore(models.IntegerChoices):
    ACUTE = 1, _("Acute problematiek")
    NOT_SELF_RELIANT = 2, _("Niet zelfredzaam")
    LIMITED = 3, _("Beperkt zelfredzaam")
    SUFFICIENT = 4, _("Voldoende zelfredzaam")
    FULL = 5, _("Volledig zelfredzaam")


ZRM_VERSION = "ZRM 2017"


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Nog niet begonnen")
    IN_PROGRESS = "in_progress", _("Bezig")
    REACHED = "reached", _("Bereikt")
    DROPPED = "dropped", _("Vervallen")


class OrganisationKind(models.TextChoices):
    WIJKTEAM = "wijkteam", _("Wijkteam")
    SCHULDHULP = "schuldhulp", _("Schuldhulpverlening")
    GGZ = "ggz", _("GGZ")
    JEUGDZORG = "jeugdzorg", _("Jeugdzorg")
    WMO = "wmo", _("Wmo-ondersteuning")
    RECLASSERING = "reclassering", _("Reclassering")
    HOUSING_CORPORATION = "woningcorporatie", _("Woningcorporatie")
    UWV = "uwv", _("UWV")
    BEWIND = "bewindvoering", _("Beschermingsbewind")
    HEALTHCARE = "zorg", _("Zorgaanbieder")
    POLICE = "politie", _("Politie")
    OTHER = "other", _("Anders")


class JournalKind(models.TextChoices):
    NOTE = "note", _("Notitie")
    CONTACT = "contact", _("Contact")
    EVENT = "event", _("Gebeurtenis")
    STATUS = "status", _("Statuswijziging")


class FixedCostKind(models.TextChoices):
    """Fixed costs of the household budget; the codes are those of the safety_net contract."""

    RENT = "rent", _("Huur of hypotheek")
    ENERGY = "energy", _("Energie")
    WATER = "water", _("Water")
    HEALTH_INSURANCE = "health_insurance", _("Zorgverzekering (premie)")
    MUNICIPAL_TAXES = "municipal_taxes", _("Gemeentelijke belastingen")
    PHONE_INTERNET = "phone_internet", _("Telefoon en internet")
    OTHER_INSURANCE = "other_insurance", _("Andere verzekeringen")
    CHILDCARE = "childcare", _("Kinderopvang")
    TRANSPORT = "transport", _("Vervoer")
    REPAYMENTS = "repayments", _("Aflossingen")


class DebtStage(models.TextChoices):
    """How far the collection of a debt has gone, in the order it escalates."""

    AANMANING = "aanmaning", _("Aanmaning")
    INCASSO = "incasso", _("Incasso")
    DEURWAARDER = "deurwaarder", _("Deurwaarder")
    BESLAG = "beslag", _("Beslag of verrekening")
    AFSLUITING = "afsluiting", _("Afsluiting aangezegd")
    ONTRUIMING = "ontruiming", _("Ontruiming aangezegd")


class WgsPhase(models.TextChoices):
    """The phases of the Besluit gemeentelijke schuldhulpverlening; each limits the data used."""

    VROEGSIGNALERING = "vroegsignalering", _("Vroegsignalering")
    TOEGANG = "toegang", _("Toegang (eerste gesprek en beslissing)")
    PLAN_VAN_AANPAK = "plan_van_aanpak", _("Plan van aanpak")


class WgsThreat(models.TextChoices):
    """Art. 4 lid 2 Wgs: the threats that shorten the limit to three working days."""

    EVICTION = "eviction", _("Dreigende huisuitzetting")
    ENERGY_CUTOFF = "energy_cutoff", _("Dreigende afsluiting van energie")
    WATER_CUTOFF = "water_cutoff", _("Dreigende afsluiting van water")
    HEALTH_INSURANCE_TERMINATION = (
        "health_insurance_termination",
        _("Dreigende beëindiging van de zorgverzekering"),
    )


# Upper bounds that catch typing errors (an extra zero or two) without refusing real cases.
MAX_FIXED_COST_MONTHLY = Decimal("25000")
MAX_COLLECTION_MONTHLY = Decimal("25000")
MAX_DEBT_AMOUNT = Decimal("100000000")  # the screening contract's limit too
