// SPDX-License-Identifier: GPL-3.0-or-later
#include "ValidatorTestSupport.h"
#include "core/Lead.h"
#include "core/LeadValidator.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using namespace LeadRelay::Test;

// Each rule: value -> verdict, and a piece of the message so a row cannot pass for the wrong reason.
#define RULE_COLUMNS()                                                                                                 \
    QTest::addColumn<QString>("value");                                                                                \
    QTest::addColumn<QString>("expected");                                                                             \
    QTest::addColumn<QString>("message")

// Fetches the row's value, runs the rule on it and checks the verdict, the field and the message.
#define CHECK_RULE(call, expectedField)                                                                                \
    QFETCH(QString, value);                                                                                            \
    QFETCH(QString, expected);                                                                                         \
    QFETCH(QString, message);                                                                                          \
    checkIssues((call), (expectedField), expected, message);                                                           \
    if (QTest::currentTestFailed())                                                                                    \
    return

namespace
{

void checkIssues(const FieldIssues &issues, const QString &field, const QString &expected, const QString &message)
{
    QVERIFY2(verdict(issues) == expected, qPrintable(messages(issues)));
    for (const FieldIssue &issue : issues) {
        QCOMPARE(issue.field, field);
        QVERIFY(!issue.message.isEmpty());
    }
    if (!message.isEmpty())
        QVERIFY2(messages(issues).contains(message), qPrintable(messages(issues)));
}

} // namespace

class TestLeadValidator : public QObject
{
    Q_OBJECT

private slots:
    void phone_data()
    {
        RULE_COLUMNS();
        QTest::addColumn<QString>("normalized");
        auto row = [](const char *name, const QString &value, const QString &expected, const QString &message,
                      const QString &normalized) { QTest::newRow(name) << value << expected << message << normalized; };
        row("parentheses", u"(310) 555-1212"_s, u"ok"_s, {}, u"3105551212"_s);
        row("dots", u"310.555.1212"_s, u"ok"_s, {}, u"3105551212"_s);
        row("plus one spaced", u"+1 310 555 1212"_s, u"ok"_s, {}, u"3105551212"_s);
        row("one dashed", u"1-310-555-1212"_s, u"ok"_s, {}, u"3105551212"_s);
        row("digits", u"2124567890"_s, u"ok"_s, {}, u"2124567890"_s);
        row("surrounding spaces", u" 3105551212 "_s, u"ok"_s, {}, u"3105551212"_s);
        row("puerto rico", u"(787) 555-1212"_s, u"ok"_s, {}, u"7875551212"_s);
        row("guam", u"671-555-1212"_s, u"ok"_s, {}, u"6715551212"_s);
        row("nine digits", u"310555121"_s, u"error"_s, u"10 digits"_s, {});
        row("nthern sample nine digits", u"999999999"_s, u"error"_s, u"this one has 9"_s, {});
        row("eleven digits", u"31055512123"_s, u"error"_s, u"10 digits"_s, {});
        row("twelve digits with 1", u"131055512123"_s, u"error"_s, u"10 digits"_s, {});
        row("trailing x", u"7271234567x"_s, u"error"_s, u"only contain digits"_s, {});
        row("extension", u"310-555-1212 ext 5"_s, u"error"_s, u"no extension"_s, {});
        row("letters", u"310-CALL-NOW"_s, u"error"_s, u"only contain digits"_s, {});
        row("fictional 0123", u"310-555-0123"_s, u"warning"_s, u"fictional"_s, u"3105550123"_s);
        row("fictional 0100", u"3105550100"_s, u"warning"_s, u"fictional"_s, u"3105550100"_s);
        row("fictional 0199", u"3105550199"_s, u"warning"_s, u"fictional"_s, u"3105550199"_s);
        row("not fictional 0200", u"3105550200"_s, u"ok"_s, {}, u"3105550200"_s);
        row("toll free 800", u"800-555-1212"_s, u"warning"_s, u"toll-free"_s, u"8005551212"_s);
        row("toll free 888", u"(888) 234-5678"_s, u"warning"_s, u"toll-free"_s, u"8882345678"_s);
        row("toll free 833", u"8332345678"_s, u"warning"_s, u"833"_s, u"8332345678"_s);
        row("area code 011", u"011-555-1212"_s, u"error"_s, u"Area code 011"_s, {});
        row("area code 1xx", u"(123) 456-7890"_s, u"error"_s, u"Area code 123"_s, {});
        row("exchange starts with 1", u"310-155-1212"_s, u"error"_s, u"cannot start with 0 or 1"_s, {});
        row("unassigned area code", u"999-555-1212"_s, u"error"_s, u"not a valid US phone number"_s, {});
        row("N11 code", u"311-555-1212"_s, u"error"_s, u"not a valid US phone number"_s, {});
        row("canada", u"(416) 555-1212"_s, u"error"_s, u"not in the United States"_s, {});
        row("united kingdom", u"+44 20 7946 0958"_s, u"error"_s, u"+1"_s, {});
        row("two pluses", u"++1 310 555 1212"_s, u"error"_s, u"only contain digits"_s, {});
        row("arabic digits", u"\u0663\u0661\u0660\u0665\u0665\u0665\u0661\u0662\u0661\u0662"_s, u"error"_s,
            u"only contain digits"_s, {});
    }

    void phone()
    {
        CHECK_RULE(Rules::phone(value), Key::Phone);
        QFETCH(QString, normalized);
        QCOMPARE(normalizedPhone(value), normalized);
        // The field name is passed through for the mailing... or any other phone field.
        for (const FieldIssue &issue : Rules::phone(value, u"other"_s))
            QCOMPARE(issue.field, u"other"_s);
    }

    void formatPhoneAsTyped_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("formatted");
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("three") << u"310"_s << u"310"_s;
        QTest::newRow("partial") << u"310555"_s << u"310-555"_s;
        QTest::newRow("complete") << u"3105551212"_s << u"(310) 555-1212"_s;
        QTest::newRow("already formatted") << u"(310) 555-1212"_s << u"(310) 555-1212"_s;
        QTest::newRow("dots retyped") << u"310.555.1212"_s << u"(310) 555-1212"_s;
        QTest::newRow("leading one") << u"13105551212"_s << u"1 (310) 555-1212"_s;
        QTest::newRow("leading one, incomplete") << u"12345"_s << u"12345"_s;
        QTest::newRow("leading one, ten digits") << u"1310555121"_s << u"1310555121"_s;
        QTest::newRow("plus one") << u"+13105551212"_s << u"+1 310-555-1212"_s;
        QTest::newRow("too many digits kept") << u"(310) 555-12123"_s << u"(310) 555-12123"_s;
        QTest::newRow("letters kept") << u"310555121x"_s << u"310555121x"_s;
        QTest::newRow("only punctuation") << u"("_s << u"("_s;
    }

    void formatPhoneAsTyped()
    {
        QFETCH(QString, typed);
        QFETCH(QString, formatted);
        QCOMPARE(LeadRelay::formatPhoneAsTyped(typed), formatted);
    }

    void email_data()
    {
        RULE_COLUMNS();
        QTest::newRow("plain") << u"john.doe@example.com"_s << u"ok"_s << QString();
        QTest::newRow("plus and subdomain") << u"j+leads@mail.example.co.uk"_s << u"ok"_s << QString();
        QTest::newRow("upper case") << u"John.Doe@Example.COM"_s << u"ok"_s << QString();
        QTest::newRow("no at") << u"john.doe.example.com"_s << u"error"_s << u"one @"_s;
        QTest::newRow("two ats") << u"john@doe@example.com"_s << u"error"_s << u"one @"_s;
        QTest::newRow("no dot in domain") << u"john@localhost"_s << u"error"_s << u"example.com"_s;
        QTest::newRow("empty local") << u"@example.com"_s << u"error"_s << u"before the @"_s;
        QTest::newRow("double dot local") << u"john..doe@example.com"_s << u"error"_s << u"before the @"_s;
        QTest::newRow("double dot domain") << u"john@example..com"_s << u"error"_s << u"after the @"_s;
        QTest::newRow("trailing dot domain") << u"john@example.com."_s << u"error"_s << u"after the @"_s;
        QTest::newRow("one letter tld") << u"john@example.c"_s << u"error"_s << u"after the @"_s;
        QTest::newRow("inner space") << u"john doe@example.com"_s << u"error"_s << u"spaces"_s;
        QTest::newRow("trailing space") << u"john@example.com "_s << u"error"_s << u"spaces"_s;
        QTest::newRow("gmail typo") << u"john@gmial.com"_s << u"warning"_s << u"john@gmail.com"_s;
        QTest::newRow("dot con") << u"john@yahoo.con"_s << u"warning"_s << u"yahoo.com"_s;
    }

    void email() { CHECK_RULE(Rules::email(value), Key::Email); }

    void state_data()
    {
        RULE_COLUMNS();
        QTest::newRow("CA") << u"CA"_s << u"ok"_s << QString();
        QTest::newRow("DC") << u"DC"_s << u"ok"_s << QString();
        for (const char *territory : {"PR", "VI", "GU", "AS", "MP"})
            QTest::newRow(territory) << QString::fromLatin1(territory) << u"ok"_s << QString();
        QTest::newRow("lower case accepted") << u"oh"_s << u"ok"_s << QString();
        QTest::newRow("spaces accepted") << u" NY "_s << u"ok"_s << QString();
        QTest::newRow("unknown") << u"XX"_s << u"error"_s << u"XX is not a US state code"_s;
        QTest::newRow("military") << u"AE"_s << u"error"_s << u"military"_s;
        QTest::newRow("full name") << u"Ohio"_s << u"error"_s << u"code OH for Ohio"_s;
        QTest::newRow("three letters") << u"CAL"_s << u"error"_s << u"two-letter"_s;
        QTest::newRow("canada") << u"ON"_s << u"error"_s << u"ON is not a US state"_s;
    }

    void state()
    {
        CHECK_RULE(Rules::state(value), Key::State);
        for (const FieldIssue &issue : Rules::state(value, Key::MailingState))
            QCOMPARE(issue.field, Key::MailingState);
    }

    void stateCodes()
    {
        QCOMPARE(usStateCodes().size(), 56);
        QVERIFY(isUsStateCode(u"WY"_s));
        QVERIFY(isUsStateCode(u"MP"_s));
        QVERIFY(!isUsStateCode(u"ca"_s));
        QVERIFY(!isUsStateCode(u"AE"_s));
        QVERIFY(!isUsStateCode(QString()));
        QStringList sorted = usStateCodes();
        sorted.sort();
        QCOMPARE(sorted, usStateCodes());
    }

    void zip_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("message");
        QTest::newRow("LA") << u"90001"_s << u"CA"_s << u"ok"_s << QString();
        QTest::newRow("leading zero MA") << u"02134"_s << u"MA"_s << u"ok"_s << QString();
        QTest::newRow("zip plus four") << u"02134-1234"_s << u"MA"_s << u"ok"_s << QString();
        QTest::newRow("no state to compare") << u"90001"_s << QString() << u"ok"_s << QString();
        QTest::newRow("lower-case state") << u"43215"_s << u"oh"_s << u"ok"_s << QString();
        QTest::newRow("unknown state not compared") << u"90001"_s << u"XX"_s << u"ok"_s << QString();
        QTest::newRow("mismatch") << u"90001"_s << u"NV"_s << u"warning"_s << u"ZIP 90001 is usually in CA, not NV"_s;
        QTest::newRow("mismatch zip+4") << u"02134-1234"_s << u"NY"_s << u"warning"_s
                                        << u"ZIP 02134 is usually in MA"_s;
        QTest::newRow("DC") << u"20500"_s << u"DC"_s << u"ok"_s << QString();
        QTest::newRow("Dulles is VA") << u"20166"_s << u"VA"_s << u"ok"_s << QString();
        QTest::newRow("Puerto Rico") << u"00901"_s << u"PR"_s << u"ok"_s << QString();
        QTest::newRow("Virgin Islands") << u"00802"_s << u"VI"_s << u"ok"_s << QString();
        QTest::newRow("Guam") << u"96910"_s << u"GU"_s << u"ok"_s << QString();
        QTest::newRow("American Samoa") << u"96799"_s << u"AS"_s << u"ok"_s << QString();
        QTest::newRow("Saipan") << u"96950"_s << u"MP"_s << u"ok"_s << QString();
        QTest::newRow("El Paso") << u"79901"_s << u"TX"_s << u"ok"_s << QString();
        QTest::newRow("El Paso 885") << u"88510"_s << u"TX"_s << u"ok"_s << QString();
        QTest::newRow("Austin IRS 733") << u"73301"_s << u"TX"_s << u"ok"_s << QString();
        QTest::newRow("Holtsville 005") << u"00501"_s << u"NY"_s << u"ok"_s << QString();
        QTest::newRow("Andover 055") << u"05501"_s << u"MA"_s << u"ok"_s << QString();
        QTest::newRow("Anchorage") << u"99501"_s << u"AK"_s << u"ok"_s << QString();
        QTest::newRow("Honolulu") << u"96813"_s << u"HI"_s << u"ok"_s << QString();
        QTest::newRow("Las Vegas") << u"89101"_s << u"NV"_s << u"ok"_s << QString();
        QTest::newRow("unassigned prefix")
            << u"00012"_s << u"NY"_s << u"warning"_s << u"No US ZIP code starts with 000"_s;
        QTest::newRow("military") << u"09012"_s << u"NY"_s << u"warning"_s << u"military"_s;
        QTest::newRow("four digits") << u"2134"_s << u"MA"_s << u"error"_s << u"5 digits"_s;
        QTest::newRow("six digits") << u"021345"_s << u"MA"_s << u"error"_s << u"5 digits"_s;
        QTest::newRow("nine digits no dash") << u"021341234"_s << u"MA"_s << u"error"_s << u"ZIP+4"_s;
        QTest::newRow("letters") << u"9OOO1"_s << u"CA"_s << u"error"_s << u"5 digits"_s;
        QTest::newRow("short plus four") << u"02134-12"_s << u"MA"_s << u"error"_s << u"5 digits"_s;
    }

    void zip()
    {
        QFETCH(QString, state);
        CHECK_RULE(Rules::zip(value, state), Key::Zip);
    }

    void zipPrefixes_data()
    {
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<QStringList>("states");
        QTest::newRow("010 MA") << u"010"_s << QStringList{u"MA"_s};
        QTest::newRow("100 NY") << u"100"_s << QStringList{u"NY"_s};
        QTest::newRow("200 DC") << u"200"_s << QStringList{u"DC"_s};
        QTest::newRow("967 HI AS") << u"967"_s << QStringList{u"HI"_s, u"AS"_s};
        QTest::newRow("969 GU MP") << u"969"_s << QStringList{u"GU"_s, u"MP"_s};
        QTest::newRow("999 AK") << u"999"_s << QStringList{u"AK"_s};
        QTest::newRow("000 unassigned") << u"000"_s << QStringList();
        QTest::newRow("military 090") << u"090"_s << QStringList();
        QTest::newRow("too short") << u"90"_s << QStringList();
        QTest::newRow("not digits") << u"9a0"_s << QStringList();
        QTest::newRow("negative") << u"-90"_s << QStringList();
    }

    void zipPrefixes()
    {
        QFETCH(QString, prefix);
        QFETCH(QStringList, states);
        QCOMPARE(statesForZipPrefix(prefix), states);
    }

    void zipTableCoversEveryState()
    {
        // Every state and territory owns at least one prefix, and every prefix names only known codes.
        QSet<QString> seen;
        for (int prefix = 0; prefix < 1000; ++prefix) {
            const QStringList states = statesForZipPrefix(u"%1"_s.arg(prefix, 3, 10, QLatin1Char('0')));
            for (const QString &state : states) {
                QVERIFY2(isUsStateCode(state), qPrintable(state));
                seen.insert(state);
            }
        }
        for (const QString &code : usStateCodes())
            QVERIFY2(seen.contains(code), qPrintable(code));
    }

    void dob_data()
    {
        RULE_COLUMNS();
        QTest::newRow("sample") << u"1980-04-02"_s << u"ok"_s << QString();
        QTest::newRow("exactly 18 today") << u"2008-11-22"_s << u"ok"_s << QString();
        QTest::newRow("18 tomorrow") << u"2008-11-23"_s << u"error"_s << u"at least 18"_s;
        QTest::newRow("minor") << u"2015-06-01"_s << u"error"_s << u"2008-11-22 or earlier"_s;
        QTest::newRow("future") << u"2027-01-01"_s << u"error"_s << u"future"_s;
        QTest::newRow("february 30") << u"1980-02-30"_s << u"error"_s << u"not a real date"_s;
        QTest::newRow("month 13") << u"1980-13-01"_s << u"error"_s << u"not a real date"_s;
        QTest::newRow("leap day") << u"1980-02-29"_s << u"ok"_s << QString();
        QTest::newRow("not a leap year") << u"1981-02-29"_s << u"error"_s << u"not a real date"_s;
        QTest::newRow("120 years") << u"1906-11-22"_s << u"ok"_s << QString();
        QTest::newRow("over 120 years") << u"1906-11-21"_s << u"error"_s << u"120 years"_s;
        QTest::newRow("us order") << u"04/02/1980"_s << u"error"_s << u"YYYY-MM-DD"_s;
        QTest::newRow("no padding") << u"1980-4-2"_s << u"error"_s << u"YYYY-MM-DD"_s;
        QTest::newRow("with time") << u"1980-04-02T00:00:00"_s << u"error"_s << u"YYYY-MM-DD"_s;
    }

    void dob() { CHECK_RULE(Rules::dob(value, Today), Key::Dob); }

    void dobWithoutToday()
    {
        // Without a reference day only the date itself can be checked.
        QVERIFY(Rules::dob(u"2020-01-01"_s, QDate()).isEmpty());
        QVERIFY(hasErrors(Rules::dob(u"2020-02-30"_s, QDate())));
    }

    void ip_data()
    {
        RULE_COLUMNS();
        QTest::newRow("sample") << u"184.248.249.118"_s << u"ok"_s << QString();
        QTest::newRow("ipv6 global") << u"2607:f8b0:4005:80a::200e"_s << u"ok"_s << QString();
        QTest::newRow("ipv6 full") << u"2607:f8b0:4005:080a:0000:0000:0000:200e"_s << u"ok"_s << QString();
        QTest::newRow("ipv6 unspecified") << u"::"_s << u"warning"_s << u"not a real address"_s;
        QTest::newRow("ipv6 multicast") << u"ff02::1"_s << u"warning"_s << u"multicast"_s;
        QTest::newRow("ipv6 loopback") << u"::1"_s << u"warning"_s << u"loopback"_s;
        QTest::newRow("ipv6 link local") << u"fe80::1"_s << u"warning"_s << u"link-local"_s;
        QTest::newRow("ipv6 unique local") << u"fd12:3456::1"_s << u"warning"_s << u"private"_s;
        QTest::newRow("ipv6 documentation") << u"2001:db8::1"_s << u"warning"_s << u"examples"_s;
        QTest::newRow("ipv6 mapped private") << u"::ffff:192.168.1.1"_s << u"warning"_s << u"private"_s;
        QTest::newRow("ipv6 mapped public") << u"::ffff:184.248.249.118"_s << u"ok"_s << QString();
        QTest::newRow("ipv6 zone") << u"fe80::1%eth0"_s << u"error"_s << u"zone"_s;
        QTest::newRow("ipv6 garbage") << u"2607:::1"_s << u"error"_s << u"not an IP address"_s;
        QTest::newRow("10/8") << u"10.1.2.3"_s << u"warning"_s << u"private"_s;
        QTest::newRow("172.16/12") << u"172.31.255.1"_s << u"warning"_s << u"private"_s;
        QTest::newRow("172.32 is public") << u"172.32.0.1"_s << u"ok"_s << QString();
        QTest::newRow("192.168/16") << u"192.168.0.10"_s << u"warning"_s << u"private"_s;
        QTest::newRow("loopback") << u"127.0.0.1"_s << u"warning"_s << u"loopback"_s;
        QTest::newRow("multicast") << u"224.0.0.251"_s << u"warning"_s << u"multicast"_s;
        QTest::newRow("benchmarking") << u"198.18.0.1"_s << u"warning"_s << u"testing"_s;
        QTest::newRow("cgnat") << u"100.64.0.1"_s << u"warning"_s << u"CGNAT"_s;
        QTest::newRow("link local") << u"169.254.10.1"_s << u"warning"_s << u"link-local"_s;
        QTest::newRow("unspecified") << u"0.0.0.0"_s << u"warning"_s << u"not a real address"_s;
        QTest::newRow("broadcast") << u"255.255.255.255"_s << u"warning"_s << u"reserved"_s;
        QTest::newRow("documentation") << u"203.0.113.5"_s << u"warning"_s << u"examples"_s;
        QTest::newRow("three parts") << u"1.2.3"_s << u"error"_s << u"not an IP address"_s;
        QTest::newRow("short form") << u"127.1"_s << u"error"_s << u"not an IP address"_s;
        QTest::newRow("hex") << u"0x7f.0.0.1"_s << u"error"_s << u"not an IP address"_s;
        QTest::newRow("leading zeros") << u"010.1.2.3"_s << u"error"_s << u"not an IP address"_s;
        QTest::newRow("octet too big") << u"256.1.1.1"_s << u"error"_s << u"not an IP address"_s;
        QTest::newRow("host name") << u"example.com"_s << u"error"_s << u"not an IP address"_s;
        QTest::newRow("garbage") << u"n/a"_s << u"error"_s << u"not an IP address"_s;
        QTest::newRow("leading space") << u" 184.248.249.118"_s << u"error"_s << u"spaces"_s;
    }

    void ip() { CHECK_RULE(Rules::ip(value), Key::Ip); }

    void sourceUrl_data()
    {
        RULE_COLUMNS();
        QTest::newRow("sample") << u"https://www.example.com/form/"_s << u"ok"_s << QString();
        QTest::newRow("http") << u"http://example.com"_s << u"ok"_s << QString();
        QTest::newRow("query") << u"https://www.example.com/form/?utm_source=x"_s << u"error"_s
                               << u"https://www.example.com/form/"_s;
        QTest::newRow("empty query") << u"https://www.example.com/form/?"_s << u"error"_s << u"query string"_s;
        QTest::newRow("no scheme") << u"www.example.com/form/"_s << u"error"_s << u"https://"_s;
        QTest::newRow("ftp") << u"ftp://example.com/form"_s << u"error"_s << u"https://"_s;
        QTest::newRow("no host") << u"https:///form"_s << u"error"_s << u"web site"_s;
        QTest::newRow("host without dot") << u"https://intranet/form"_s << u"error"_s << u"web site"_s;
        QTest::newRow("space") << u"https://www.example.com/my form/"_s << u"error"_s << u"spaces"_s;
        QTest::newRow("garbage") << u"n/a"_s << u"error"_s << u"https://"_s;
    }

    void sourceUrl() { CHECK_RULE(Rules::sourceUrl(value), Key::SourceUrl); }

    void trustedForm_data()
    {
        RULE_COLUMNS();
        const QString id40 = u"0123456789abcdef0123456789abcdef01234567"_s;
        const QString id80 = u"0123456789ABCDEF0123456789abcdef0123456789_-cdef0123456789abcdef0123456789abcdef"_s;
        QTest::newRow("sample 40") << u"https://cert.trustedform.com/"_s + id40 << u"ok"_s << QString();
        QTest::newRow("80 with _ and -") << u"https://cert.trustedform.com/"_s + id80 << u"ok"_s << QString();
        QTest::newRow("facebook") << u"https://cert.trustedform.com/0.Dk3f9aBcD-xyz_123"_s << u"ok"_s << QString();
        QTest::newRow("host upper case") << u"https://CERT.TrustedForm.com/"_s + id40 << u"ok"_s << QString();
        QTest::newRow("staging") << u"https://cert.staging.trustedform.com/"_s + id40 << u"warning"_s << u"staging"_s;
        QTest::newRow("ping") << u"https://ping.trustedform.com/"_s + id40 << u"warning"_s << u"ping URL"_s;
        QTest::newRow("39 chars") << u"https://cert.trustedform.com/"_s + id40.left(39) << u"error"_s
                                  << u"this one has 39"_s;
        QTest::newRow("41 chars") << u"https://cert.trustedform.com/"_s + id40 + u"8"_s << u"error"_s << u"40 or 80"_s;
        QTest::newRow("bad character") << u"https://cert.trustedform.com/"_s + id40.left(39) + u"!"_s << u"error"_s
                                       << u"40 or 80"_s;
        QTest::newRow("trailing slash") << u"https://cert.trustedform.com/"_s + id40 + u"/"_s << u"error"_s
                                        << u"40 or 80"_s;
        QTest::newRow("no id") << u"https://cert.trustedform.com/"_s << u"error"_s << u"this one has 0"_s;
        QTest::newRow("facebook empty") << u"https://cert.trustedform.com/0."_s << u"error"_s << u"40 or 80"_s;
        QTest::newRow("http") << u"http://cert.trustedform.com/"_s + id40 << u"error"_s << u"https://"_s;
        QTest::newRow("query") << u"https://cert.trustedform.com/"_s + id40 + u"?x=1"_s << u"error"_s
                               << u"certificate id"_s;
        QTest::newRow("other host") << u"https://cert.example.com/"_s + id40 << u"error"_s
                                    << u"not a TrustedForm certificate URL"_s;
        QTest::newRow("lookalike host") << u"https://cert.trustedform.com.evil.net/"_s + id40 << u"error"_s
                                        << u"not a TrustedForm"_s;
        QTest::newRow("bare id") << id40 << u"error"_s << u"not a TrustedForm certificate URL"_s;
        QTest::newRow("space") << u"https://cert.trustedform.com/"_s + id40 + u" "_s << u"error"_s << u"spaces"_s;
        QTest::newRow("over 500") << u"https://cert.trustedform.com/0."_s + QString(480, u'a') << u"error"_s
                                  << u"at most 500"_s;
        QTest::newRow("exactly 500 facebook")
            << u"https://cert.trustedform.com/0."_s + QString(469, u'a') << u"ok"_s << QString();
    }

    void trustedForm() { CHECK_RULE(Rules::trustedFormCertUrl(value), Key::TrustedForm); }

    void jornaya_data()
    {
        RULE_COLUMNS();
        QTest::newRow("sample") << u"01234567-89AB-CDEF-0123-456789ABCDEF"_s << u"ok"_s << QString();
        QTest::newRow("letters beyond F") << u"ABCDWXYZ-GHIJ-KLMN-OPQR-STUVWXYZ0123"_s << u"ok"_s << QString();
        QTest::newRow("lower case") << u"01234567-89ab-cdef-0123-456789abcdef"_s << u"ok"_s << QString();
        QTest::newRow("35 chars") << u"01234567-89AB-CDEF-0123-456789ABCDE"_s << u"error"_s << u"this one has 35"_s;
        QTest::newRow("no dashes") << u"0123456789ABCDEF0123456789ABCDEF"_s << u"error"_s << u"36 characters"_s;
        QTest::newRow("dash misplaced") << u"0123456-789AB-CDEF-0123-456789ABCDEF"_s << u"error"_s << u"36"_s;
        QTest::newRow("underscore") << u"01234567_89AB-CDEF-0123-456789ABCDEF"_s << u"error"_s << u"36"_s;
        QTest::newRow("braces") << u"{01234567-89AB-CDEF-0123-456789ABCDEF}"_s << u"error"_s << u"36"_s;
        QTest::newRow("trailing space") << u"01234567-89AB-CDEF-0123-456789ABCDEF "_s << u"error"_s << u"spaces"_s;
    }

    void jornaya() { CHECK_RULE(Rules::jornayaLeadId(value), Key::Jornaya); }

    void name_data()
    {
        RULE_COLUMNS();
        QTest::newRow("plain") << u"John"_s << u"ok"_s << QString();
        QTest::newRow("accents and apostrophe") << u"Zo\u00eb O'Neil-Brontë"_s << u"ok"_s << QString();
        QTest::newRow("two words") << u"Mary Ann"_s << u"ok"_s << QString();
        QTest::newRow("blank") << u"   "_s << u"error"_s << u"only spaces"_s;
        QTest::newRow("tab") << u"Jo\thn"_s << u"error"_s << u"tab or line break"_s;
        QTest::newRow("newline") << u"John\n"_s << u"error"_s << u"tab or line break"_s;
        QTest::newRow("too long") << QString(101, u'a') << u"error"_s << u"at most 100"_s;
        QTest::newRow("100 is fine") << QString(100, u'a') << u"ok"_s << QString();
        QTest::newRow("digit") << u"J0hn"_s << u"warning"_s << u"digits"_s;
    }

    void name() { CHECK_RULE(Rules::name(value, Key::FirstName), Key::FirstName); }

    void text_data()
    {
        RULE_COLUMNS();
        QTest::newRow("street") << u"123 Main St, Apt #4"_s << u"ok"_s << QString();
        QTest::newRow("blank") << u" "_s << u"error"_s << u"only spaces"_s;
        QTest::newRow("line break") << u"123 Main St\nApt 4"_s << u"error"_s << u"line break"_s;
        QTest::newRow("too long") << QString(256, u'x') << u"error"_s << u"at most 255"_s;
    }

    void text() { CHECK_RULE(Rules::text(value, Key::Street), Key::Street); }
};

QTEST_GUILESS_MAIN(TestLeadValidator)
#include "tst_leadvalidator.moc"
