"""The codes of the list kinds, check verdicts and target levels: their one home.

Pure module (no Django): the admission check, the matcher and the comparison use these names, and
``registry.enums`` builds its Django choices (with their Chinese labels) from the same values
(a test asserts the two agree).
"""

from __future__ import annotations

# --- list kinds (= CSV stems) -------------------------------------------------------------
KIND_TOWNSHIP_BASIC = "township_basic"
KIND_TOWNSHIP_COOPERATE = "township_cooperate"
KIND_TOWNSHIP_WITHDRAWN = "township_withdrawn"
KIND_VILLAGE_SELFGOV = "village_selfgov"
KIND_VILLAGE_ASSIST = "village_assist"
KIND_VILLAGE_NEGATIVE = "village_negative"
KIND_VILLAGE_CERTIFICATES = "village_certificates"
KIND_VILLAGE_NO_CERTIFICATES = "village_no_certificates"

# --- verdicts ---------------------------------------------------------------------------------
VERDICT_BASIC = "basic"
VERDICT_COOPERATE = "cooperate"
VERDICT_WITHDRAWN = "withdrawn"
VERDICT_SELFGOV = "selfgov"
VERDICT_ASSIST = "assist"
VERDICT_NEGATIVE = "negative"
VERDICT_CERTIFICATE_ALLOWED = "certificate_allowed"
VERDICT_CERTIFICATE_FORBIDDEN = "certificate_forbidden"
VERDICT_UNLISTED = "unlisted"
# Not sure: a reviewer decides, helped by the top candidates and why each is one.
VERDICT_REVIEW = "review"

LEVEL_TOWNSHIP = "township"
LEVEL_VILLAGE = "village"

KIND_TO_VERDICT: dict[str, str] = {
    KIND_TOWNSHIP_BASIC: VERDICT_BASIC,
    KIND_TOWNSHIP_COOPERATE: VERDICT_COOPERATE,
    KIND_TOWNSHIP_WITHDRAWN: VERDICT_WITHDRAWN,
    KIND_VILLAGE_SELFGOV: VERDICT_SELFGOV,
    KIND_VILLAGE_ASSIST: VERDICT_ASSIST,
    KIND_VILLAGE_NEGATIVE: VERDICT_NEGATIVE,
    KIND_VILLAGE_CERTIFICATES: VERDICT_CERTIFICATE_ALLOWED,
    KIND_VILLAGE_NO_CERTIFICATES: VERDICT_CERTIFICATE_FORBIDDEN,
}
LEVEL_KINDS: dict[str, tuple[str, ...]] = {
    LEVEL_TOWNSHIP: (KIND_TOWNSHIP_BASIC, KIND_TOWNSHIP_COOPERATE, KIND_TOWNSHIP_WITHDRAWN),
    LEVEL_VILLAGE: (
        KIND_VILLAGE_SELFGOV,
        KIND_VILLAGE_ASSIST,
        KIND_VILLAGE_NEGATIVE,
        KIND_VILLAGE_CERTIFICATES,
        KIND_VILLAGE_NO_CERTIFICATES,
    ),
}
PROHIBITED_VERDICTS = frozenset(
    {VERDICT_WITHDRAWN, VERDICT_NEGATIVE, VERDICT_CERTIFICATE_FORBIDDEN}
)
PROHIBITED_KINDS = frozenset(
    {KIND_TOWNSHIP_WITHDRAWN, KIND_VILLAGE_NEGATIVE, KIND_VILLAGE_NO_CERTIFICATES}
)
CERTIFICATE_KINDS = frozenset({KIND_VILLAGE_CERTIFICATES, KIND_VILLAGE_NO_CERTIFICATES})
