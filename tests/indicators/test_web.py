"""URLs, domains, e-mail addresses, IP addresses and social accounts."""

from __future__ import annotations

import pytest

from crossline.indicators import extract

from .support import kinds_values, only


@pytest.mark.parametrize(
    ("text", "url", "domain"),
    [
        ("visit https://evil.com/login now", "https://evil.com/login", "evil.com"),
        ("hxxps://evil[.]com/x", "https://evil.com/x", "evil.com"),
        ("hxxp[:]//evil(.)co(.)uk/a", "http://evil.co.uk/a", "evil.co.uk"),
        ("hxxps[://]uniqo[.]de/Ci9BX9", "https://uniqo.de/Ci9BX9", "uniqo.de"),
        ("http //tinyurl.com/abc", "http://tinyurl.com/abc", "tinyurl.com"),
        ("http//www.gr8prizes.com", "http://www.gr8prizes.com", "gr8prizes.com"),
        (
            "https:/uk-covid-19.webredirect.org/to",
            "https://uk-covid-19.webredirect.org/to",
            "uk-covid-19.webredirect.org",
        ),
        ("http:///hmrc.taxrebate.co.uk", "http://hmrc.taxrebate.co.uk", "taxrebate.co.uk"),
        ("http:// 103.208.86.96 to claim", "http://103.208.86.96", None),
        ("http://careers. bloomberg.com", "http://careers.bloomberg.com", "bloomberg.com"),
        (
            "Click http://tdbankmobile.cleanbeautytalk.c om/tdmobile now",
            "http://tdbankmobile.cleanbeautytalk.com/tdmobile",
            "cleanbeautytalk.com",
        ),
        ("HTTP://WWW.URAWINNER.COM/Win", "http://www.urawinner.com/Win", "urawinner.com"),
        ("go to http://www.apple.com@evil.com/x", "http://www.apple.com@evil.com/x", "evil.com"),
        ("see www.SMS.ac/u/hmmross, ok", "www.sms.ac/u/hmmross", "sms.ac"),
        ("(https://bit.ly/32ZwcQ5).", "https://bit.ly/32ZwcQ5", "bit.ly"),
        ("open bit.ly/abc or", "bit.ly/abc", "bit.ly"),
        ("login at victim-bank.web.app/x", "victim-bank.web.app/x", "victim-bank.web.app"),
        ("TnCs www.Ldew.com1win150ppm", "www.ldew.com", "ldew.com"),
        (
            "go to http://gotbabes.co.uk. No subscriptions",
            "http://gotbabes.co.uk",
            "gotbabes.co.uk",
        ),
        (
            "https //hopscotch.app.link/ ahNmHADW6Q",
            "https://hopscotch.app.link/ahNmHADW6Q",
            "app.link",
        ),
        ("http // tax.dis2.pw/ claim.html", "http://tax.dis2.pw/claim.html", "dis2.pw"),
        ("visit http://x.com/ today", "http://x.com/", "x.com"),
        (
            "http//tms. widelive.com/index. wml?id=8",
            "http://tms.widelive.com/index.wml?id=8",
            "widelive.com",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_urls_are_refanged(text: str, url: str, domain: str | None) -> None:
    found = kinds_values(text)
    assert ("url", url) in found
    domains = {v for k, v in found if k == "domain"}
    assert domains == ({domain} if domain else set())


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        ("sent via fullonsms.com", "fullonsms.com"),
        ("Call NoWorriesLoans.com on 0871", "noworriesloans.com"),
        ("visit amazon-refund-support.online", "amazon-refund-support.online"),
        ("Visit scam-crypto.live today", "scam-crypto.live"),
        ("visit ethgive.me", "ethgive.me"),
        ("Your parcel: usps-redeliver.xin", "usps-redeliver.xin"),
        ("Your parcel: redeliver.xin", None),
        ("log in at INDYAROCKS.COM", "indyarocks.com"),
        ("evil[.]com", "evil.com"),
        ("[redacted].aozare-avernai[.]com", "aozare-avernai.com"),
        ("[redacted].[redacted]amou[.]com", None),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_bare_domains(text: str, domain: str | None) -> None:
    found = kinds_values(text)
    assert {v for k, v in found if k == "domain"} == ({domain} if domain else set())
    assert not {k for k, _ in found} - {"domain"}


@pytest.mark.parametrize(
    "text",
    [
        "Just now saw your message.it k da",
        "I will ask my mom and send you.my mom is out",
        "Howz pain.it will come down today.do as i said",
        "Dear,Me at cherthala.in case u r coming",
        "see you tomorrow.So call me.now ok?",
        "Moby Pub Quiz.Win a £100 prize",
        "An experienced Sr.loan officer",
        "BBA/MBA/B.SC.IT/BIO TECH/B.TECH GOVT.RECOGNIZED",
        "swhrt how u dey,hope ur ok, tot about u 2day.love n miss",
        "plots 400sq.mtr, rate 5000@sq.mtr",
        "K.k.how is your business now?",
        "U.S.A, e.g. and i.e., a.m. and p.m.",
        "file report.pdf and setup.exe",
        "http://localhost/admin and http://bank account",
        "klik www.recoverydana 98.com now",
        "EMAIL FCENDEPT USER.CO M or USER-mastercard.com",
    ],
    ids=lambda v: v[:30],
)
def test_typing_slips_are_not_domains(text: str) -> None:
    assert {k for k, _ in kinds_values(text, "GB")} & {"domain", "url", "email"} == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail john.doe@Gmail.com", {("email", "john.doe@gmail.com")}),
        ("Email:chevmotorlondon@hotmail.com", {("email", "chevmotorlondon@hotmail.com")}),
        ("noreply[@]chase-alerts[.]net", {("email", "noreply@chase-alerts.net")}),
        ("name[at]mail(.)co(.)uk", {("email", "name@mail.co.uk")}),
        ("write to info@vipclub4u.", set()),
        ("price 5000@sq.mtr", set()),
        ("@ home", set()),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_emails(text: str, expected: set[tuple[str, str]]) -> None:
    assert kinds_values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("server 8.8.8.8 and 192.168.1.10", {("ipv4", "8.8.8.8"), ("ipv4", "192.168.1.10")}),
        ("IP 185.220.101[.]45", {("ipv4", "185.220.101.45")}),
        ("bad 276.121.68[.]115", set()),
        ("v6 2001:db8:85a3::8a2e:370:7334", {("ipv6", "2001:db8:85a3::8a2e:370:7334")}),
        ("time 10:30:45 mac 00:1A:2B:3C:4D:5E", set()),
        ("1.800.555.0199", set()),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_ip_addresses(text: str, expected: set[tuple[str, str]]) -> None:
    found = {(k, v) for k, v in kinds_values(text) if k in ("ipv4", "ipv6")}
    assert found == expected


def test_private_addresses_are_flagged() -> None:
    (found,) = extract("router 192.168.1.1")
    assert found.flags == {"private"}


@pytest.mark.parametrize(
    ("text", "social"),
    [
        ("join t.me/StockGuruTips", "telegram:stockgurutips"),
        ("t.me/joinchat/AbCdEf123", "telegram:+AbCdEf123"),
        ("https://t.me/+AbCdEf123", "telegram:+AbCdEf123"),
        ("wa.me/919876543210", "whatsapp:+919876543210"),
        ("https://api.whatsapp.com/send?phone=14155552671", "whatsapp:+14155552671"),
        ("chat.whatsapp.com/KxYz12AbC", "whatsapp:chat/KxYz12AbC"),
        ("instagram.com/fx.trader.official", "instagram:fx.trader.official"),
        ("https://www.facebook.com/profile.php?id=100087654321", "facebook:id:100087654321"),
        ("x.com/ElonGiveaway24", "twitter:elongiveaway24"),
        ("https://www.tiktok.com/@crypto.queen", "tiktok:crypto.queen"),
        ("Telegram: @SharePro_Admin", "telegram:sharepro_admin"),
    ],
    ids=lambda v: v,
)
def test_social_accounts(text: str, social: str) -> None:
    assert ("social", social) in kinds_values(text)


def test_whatsapp_link_is_also_a_phone() -> None:
    found = kinds_values("wa.me/919876543210")
    assert ("phone", "+919876543210") in found


def test_at_handle_needs_telegram() -> None:
    assert kinds_values("thanks @SharePro_Admin for the tip") == set()


def test_url_spans_are_the_text_as_written() -> None:
    text = "Click hxxps://evil[.]com/login."
    url, domain = only(extract(text), "url") + only(extract(text), "domain")
    assert text[url.start : url.end] == "hxxps://evil[.]com/login"
    assert text[domain.start : domain.end] == "evil[.]com"
    assert url.flags == {"defanged"}


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("https://bit.ly/32ZwcQ5", {"shortener"}),
        ("http://magicalsongs.blogspot.com/x", {"private_suffix"}),
        ("https://evil.com/x", set()),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_domain_flags(text: str, flags: set[str]) -> None:
    (domain,) = only(extract(text), "domain")
    assert domain.flags == flags
