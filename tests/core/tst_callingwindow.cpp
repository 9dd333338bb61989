// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/CallingWindow.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{

// The instant that is this wall-clock time in this zone.
QDateTime at(const char *zone, QDate date, QTime time)
{
    return QDateTime(date, time, QTimeZone(QByteArray(zone))).toUTC();
}

CallingWindowCheck checkWithClock(const QString &state, const QString &zip, const QDateTime &utc)
{
    const CallingWindow window(CallingRules::builtIn(), [utc] { return utc; });
    return window.check(state, zip);
}

} // namespace

class TestCallingWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtInRulesHaveSources();
    void boundaries_data();
    void boundaries();
    void twoZoneState();
    void straddlingPrefixMustHoldInBothZones();
    void unknownAddressIsNotInside();
    void newerRulesFileReplacesBuiltIn();
    void malformedRulesAreRefused();
    void toJsonCarriesTheRecord();
};

void TestCallingWindow::builtInRulesHaveSources()
{
    const CallingRules &rules = CallingRules::builtIn();
    QVERIFY(!rules.isEmpty());
    QCOMPARE(rules.origin, u"built-in"_s);
    QVERIFY(rules.notice.contains(u"no legal advice"_s));
    for (const CallingRule &rule : rules.rules)
        QVERIFY2(!rule.source.isEmpty(), qPrintable(rule.jurisdiction));
}

void TestCallingWindow::boundaries_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("zip");
    QTest::addColumn<QDateTime>("utc");
    QTest::addColumn<bool>("inside");

    // 2026-12-02 is a Wednesday, 2026-12-06 a Sunday.
    const QDate wed(2026, 12, 2);
    const QDate sun(2026, 12, 6);
    const char *ny = "America/New_York";
    const char *chicago = "America/Chicago";
    QTest::newRow("US 7:59") << u"OH"_s << u"43004"_s << at(ny, wed, QTime(7, 59)) << false;
    QTest::newRow("US 8:00") << u"OH"_s << u"43004"_s << at(ny, wed, QTime(8, 0)) << true;
    QTest::newRow("US 20:00") << u"OH"_s << u"43004"_s << at(ny, wed, QTime(20, 0)) << true;
    QTest::newRow("US 20:59") << u"OH"_s << u"43004"_s << at(ny, wed, QTime(20, 59)) << true;
    QTest::newRow("US 21:00") << u"OH"_s << u"43004"_s << at(ny, wed, QTime(21, 0)) << false;
    QTest::newRow("US Sunday 8:00") << u"OH"_s << u"43004"_s << at(ny, sun, QTime(8, 0)) << true;
    QTest::newRow("FL 7:59") << u"FL"_s << u"33101"_s << at(ny, wed, QTime(7, 59)) << false;
    QTest::newRow("FL 8:00") << u"FL"_s << u"33101"_s << at(ny, wed, QTime(8, 0)) << true;
    QTest::newRow("FL 19:59") << u"FL"_s << u"33101"_s << at(ny, wed, QTime(19, 59)) << true;
    QTest::newRow("FL 20:00") << u"FL"_s << u"33101"_s << at(ny, wed, QTime(20, 0)) << false;
    QTest::newRow("OK 20:00") << u"OK"_s << u"73101"_s << at(chicago, wed, QTime(20, 0)) << false;
    QTest::newRow("OK 19:59") << u"OK"_s << u"73101"_s << at(chicago, wed, QTime(19, 59)) << true;
    QTest::newRow("TX weekday 8:00") << u"TX"_s << u"75201"_s << at(chicago, wed, QTime(8, 0)) << false;
    QTest::newRow("TX weekday 9:00") << u"TX"_s << u"75201"_s << at(chicago, wed, QTime(9, 0)) << true;
    QTest::newRow("TX weekday 21:00") << u"TX"_s << u"75201"_s << at(chicago, wed, QTime(21, 0)) << false;
    QTest::newRow("TX Saturday 9:00") << u"TX"_s << u"75201"_s << at(chicago, QDate(2026, 12, 5), QTime(9, 0)) << true;
    QTest::newRow("TX Sunday 9:00") << u"TX"_s << u"75201"_s << at(chicago, sun, QTime(9, 0)) << false;
    QTest::newRow("TX Sunday 11:59") << u"TX"_s << u"75201"_s << at(chicago, sun, QTime(11, 59)) << false;
    QTest::newRow("TX Sunday 12:00") << u"TX"_s << u"75201"_s << at(chicago, sun, QTime(12, 0)) << true;
    QTest::newRow("TX Sunday 20:59") << u"TX"_s << u"75201"_s << at(chicago, sun, QTime(20, 59)) << true;
    QTest::newRow("TX Sunday 21:00") << u"TX"_s << u"75201"_s << at(chicago, sun, QTime(21, 0)) << false;
    // SB 140's rules start on 2025-09-01: the Sunday before, only the federal window applied.
    QTest::newRow("TX Sunday before SB 140")
        << u"TX"_s << u"75201"_s << at(chicago, QDate(2025, 8, 31), QTime(10, 0)) << true;
    QTest::newRow("TX Sunday after SB 140")
        << u"TX"_s << u"75201"_s << at(chicago, QDate(2025, 9, 7), QTime(10, 0)) << false;
    // El Paso keeps Mountain time: 8:30 in Dallas is 7:30 there.
    QTest::newRow("TX El Paso 9:00 Mountain")
        << u"TX"_s << u"79901"_s << at("America/Denver", wed, QTime(9, 0)) << true;
    QTest::newRow("TX El Paso 9:00 Central") << u"TX"_s << u"79901"_s << at(chicago, wed, QTime(9, 0)) << false;
    // Florida's panhandle is Central: 8:30 in Miami is 7:30 in Pensacola.
    QTest::newRow("FL Pensacola") << u"FL"_s << u"32501"_s << at(ny, wed, QTime(8, 30)) << false;
    QTest::newRow("FL Tallahassee") << u"FL"_s << u"32301"_s << at(ny, wed, QTime(8, 30)) << true;
    // Daylight saving: on 2026-03-08 New York springs forward at 2:00, on 2026-11-01 falls back.
    QTest::newRow("DST start 12:00Z is 8:00 EDT")
        << u"NY"_s << u"10001"_s << QDateTime(QDate(2026, 3, 8), QTime(12, 0), Qt::UTC) << true;
    QTest::newRow("day before DST 12:00Z is 7:00 EST")
        << u"NY"_s << u"10001"_s << QDateTime(QDate(2026, 3, 7), QTime(12, 0), Qt::UTC) << false;
    QTest::newRow("DST end 12:00Z is 7:00 EST")
        << u"NY"_s << u"10001"_s << QDateTime(QDate(2026, 11, 1), QTime(12, 0), Qt::UTC) << false;
    QTest::newRow("DST end 13:00Z is 8:00 EST")
        << u"NY"_s << u"10001"_s << QDateTime(QDate(2026, 11, 1), QTime(13, 0), Qt::UTC) << true;
    QTest::newRow("DST start 0:59Z is 20:59 EDT")
        << u"NY"_s << u"10001"_s << QDateTime(QDate(2026, 3, 9), QTime(0, 59), Qt::UTC) << true;
    QTest::newRow("DST start 1:00Z is 21:00 EDT")
        << u"NY"_s << u"10001"_s << QDateTime(QDate(2026, 3, 9), QTime(1, 0), Qt::UTC) << false;
    // Arizona keeps standard time all year.
    QTest::newRow("AZ summer 15:00Z is 8:00")
        << u"AZ"_s << u"85001"_s << QDateTime(QDate(2026, 7, 1), QTime(15, 0), Qt::UTC) << true;
    QTest::newRow("AZ summer 14:59Z is 7:59")
        << u"AZ"_s << u"85001"_s << QDateTime(QDate(2026, 7, 1), QTime(14, 59), Qt::UTC) << false;
}

void TestCallingWindow::boundaries()
{
    QFETCH(QString, state);
    QFETCH(QString, zip);
    QFETCH(QDateTime, utc);
    QFETCH(bool, inside);
    const CallingWindowCheck check = checkWithClock(state, zip, utc);
    QVERIFY(check.zoneKnown);
    QCOMPARE(check.checkedAtUtc, utc);
    QVERIFY2(check.inside == inside, qPrintable(check.consumerLocal.toString(Qt::ISODate) + u' ' + check.timeZone));
    QCOMPARE(check.message().isEmpty(), inside);
}

void TestCallingWindow::twoZoneState()
{
    // One instant, two Tennessee addresses: 8:30 in Knoxville (Eastern) is 7:30 in Nashville (Central).
    const QDateTime utc = at("America/New_York", QDate(2026, 12, 2), QTime(8, 30));
    const CallingWindowCheck knoxville = checkWithClock(u"TN"_s, u"37902"_s, utc);
    const CallingWindowCheck nashville = checkWithClock(u"TN"_s, u"37201"_s, utc);
    QCOMPARE(knoxville.timeZone, u"America/New_York"_s);
    QCOMPARE(nashville.timeZone, u"America/Chicago"_s);
    QVERIFY(knoxville.inside);
    QVERIFY(!nashville.inside);
    QCOMPARE(nashville.consumerLocal.time(), QTime(7, 30));
    // Indiana: Evansville is Central, Indianapolis Eastern.
    QCOMPARE(ConsumerTimeZone::zonesFor(u"IN"_s, u"47708"_s), QStringList{u"America/Chicago"_s});
    QCOMPARE(ConsumerTimeZone::zonesFor(u"in"_s, u"46204-1234"_s), QStringList{u"America/Indiana/Indianapolis"_s});
    QCOMPARE(ConsumerTimeZone::zonesFor(u"ID"_s, u"83814"_s), QStringList{u"America/Los_Angeles"_s});
}

void TestCallingWindow::straddlingPrefixMustHoldInBothZones()
{
    // Kansas 677xx may be Central or Mountain: 8:30 Central is 7:30 Mountain, so not inside.
    const QDateTime utc = at("America/Chicago", QDate(2026, 12, 2), QTime(8, 30));
    const CallingWindowCheck check = checkWithClock(u"KS"_s, u"67701"_s, utc);
    QCOMPARE(check.candidateZones.size(), 2);
    QVERIFY(!check.inside);
    QCOMPARE(check.timeZone, u"America/Denver"_s);
    const CallingWindowCheck later = checkWithClock(u"KS"_s, u"67701"_s, utc.addSecs(3600));
    QVERIFY(later.inside);
}

void TestCallingWindow::unknownAddressIsNotInside()
{
    const CallingWindowCheck check = checkWithClock(QString(), QString(), QDateTime::currentDateTimeUtc());
    QVERIFY(!check.zoneKnown);
    QVERIFY(!check.inside);
    QVERIFY(!check.message().isEmpty());
}

void TestCallingWindow::newerRulesFileReplacesBuiltIn()
{
    const QByteArray json = R"json({"rule_set_id": "test-2027", "notice": "n", "rules": [
        {"jurisdiction": "US", "days": ["mon","tue","wed","thu","fri","sat","sun"], "start": "08:00", "end": "21:00",
         "effective_from": "2003-10-01", "source": "47 CFR 64.1200(c)(1)"},
        {"jurisdiction": "OH", "days": ["mon","tue","wed","thu","fri"], "start": "10:00", "end": "18:00",
         "effective_from": "2027-01-01", "effective_to": "2027-12-31", "source": "a made-up Ohio rule"}]})json";
    QString error;
    CallingRules rules = CallingRules::fromJson(json, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const char *ny = "America/New_York";
    const CallingWindow window(rules, [] { return QDateTime(); });
    QVERIFY(window.checkAt(u"OH"_s, u"43004"_s, at(ny, QDate(2027, 3, 3), QTime(9, 0))).inside == false);
    QVERIFY(window.checkAt(u"OH"_s, u"43004"_s, at(ny, QDate(2027, 3, 3), QTime(10, 0))).inside);
    // Saturday: Ohio's rule has no window that day, so no calls.
    QVERIFY(!window.checkAt(u"OH"_s, u"43004"_s, at(ny, QDate(2027, 3, 6), QTime(12, 0))).inside);
    // Outside its effective dates only the federal rule applies.
    QVERIFY(window.checkAt(u"OH"_s, u"43004"_s, at(ny, QDate(2028, 1, 3), QTime(9, 0))).inside);
    QCOMPARE(window.checkAt(u"OH"_s, u"43004"_s, at(ny, QDate(2027, 3, 3), QTime(9, 0))).ruleSetId, u"test-2027"_s);
}

void TestCallingWindow::malformedRulesAreRefused()
{
    QString error;
    // No source: never shown as law.
    QVERIFY(CallingRules::fromJson(R"({"rule_set_id": "x", "rules": [{"jurisdiction": "US", "days": ["mon"],
        "start": "08:00", "end": "21:00", "effective_from": "2003-10-01"}]})",
                                   &error)
                .isEmpty());
    QVERIFY(!error.isEmpty());
    error.clear();
    QVERIFY(CallingRules::fromJson(R"({"rule_set_id": "x", "rules": [{"jurisdiction": "US", "days": ["monday"],
        "start": "08:00", "end": "21:00", "effective_from": "2003-10-01", "source": "s"}]})",
                                   &error)
                .isEmpty());
    QVERIFY(!error.isEmpty());
    error.clear();
    QVERIFY(CallingRules::fromJson("not json", &error).isEmpty());
    QVERIFY(!error.isEmpty());
}

void TestCallingWindow::toJsonCarriesTheRecord()
{
    const QDateTime utc = at("America/Chicago", QDate(2026, 12, 6), QTime(11, 15));
    CallingWindowCheck check = checkWithClock(u"TX"_s, u"75201"_s, utc);
    check.acknowledged = true;
    check.acknowledgedBy = u"maria.g"_s;
    check.acknowledgedAtUtc = utc;
    const QJsonObject json = check.toJson();
    QCOMPARE(json.value(u"rule_set_id"_s).toString(), CallingRules::builtIn().id);
    QCOMPARE(json.value(u"jurisdiction"_s).toString(), u"TX"_s);
    QCOMPARE(json.value(u"consumer_local_time"_s).toString(), u"2026-12-06T11:15:00-06:00"_s);
    QCOMPARE(json.value(u"time_zone"_s).toString(), u"America/Chicago"_s);
    QCOMPARE(json.value(u"inside_window"_s).toBool(), false);
    QVERIFY(json.value(u"source"_s).toString().contains(u"SB 140"_s));
    QVERIFY(json.value(u"source"_s).toString().contains(u"64.1200"_s));
    QVERIFY(json.value(u"rule_text"_s).toString().contains(u"noon"_s));
    QCOMPARE(json.value(u"acknowledged_outside_window"_s).toBool(), true);
    QCOMPARE(json.value(u"acknowledged_by"_s).toString(), u"maria.g"_s);
    QVERIFY(check.message().contains(u"12:00–21:00 (TX)"_s));
}

QTEST_GUILESS_MAIN(TestCallingWindow)
#include "tst_callingwindow.moc"
