// SPDX-License-Identifier: GPL-3.0-or-later
#include "vendors/TolerantJson.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace LeadRelay;
using namespace Qt::StringLiterals;

class TestTolerantJson : public QObject
{
    Q_OBJECT

private:
    static QByteArray fixture(const QString &name)
    {
        QFile file(QStringLiteral(LEADRELAY_TEST_DATA) + u'/' + name);
        if (!file.open(QIODevice::ReadOnly))
            qFatal("missing fixture");
        return file.readAll();
    }

    static QByteArray compact(const QJsonDocument &document) { return document.toJson(QJsonDocument::Compact); }

private Q_SLOTS:
    void strictJsonIsReadAsIs_data();
    void strictJsonIsReadAsIs();
    void documentedDefectsAreRepaired_data();
    void documentedDefectsAreRepaired();
    void documentedAnswersParse();
    void stringLiteralsAreNeverTouched_data();
    void stringLiteralsAreNeverTouched();
    void unrepairableInputIsRefused_data();
    void unrepairableInputIsRefused();
    void deepNestingIsRefusedWithoutCrashing();
    void sizeLimitIsExact();
    void tenMegabytesOfGarbageIsBounded();
    void randomInputNeverCrashes();
};

void TestTolerantJson::strictJsonIsReadAsIs_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("object") << QByteArray(R"({"a":1,"b":[true,false,null],"c":{"d":"e"}})");
    QTest::newRow("array") << QByteArray(R"([1,"two",{"three":3}])");
    QTest::newRow("strings with syntax") << QByteArray(R"({"a":": ,}","b":"[,]","c":"\\\""})");
    QTest::newRow("unicode") << QByteArray(R"({"name":"Jos\u00e9 Ñuñez"})");
    QTest::newRow("whitespace") << QByteArray(" \n\t{ \"a\" : [ ] }\r\n");
}

void TestTolerantJson::strictJsonIsReadAsIs()
{
    QFETCH(QByteArray, input);
    const auto document = parseTolerantJson(input);
    QVERIFY(document.has_value());
    QCOMPARE(compact(*document), compact(QJsonDocument::fromJson(input)));
}

void TestTolerantJson::documentedDefectsAreRepaired_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("empty value before }") << QByteArray(R"({"a":})") << QByteArray(R"({"a":null})");
    QTest::newRow("empty value before ,") << QByteArray("{\"a\": ,\"b\":1}") << QByteArray(R"({"a":null,"b":1})");
    QTest::newRow("BHM disposition") << QByteArray("{\n\"disposition\": ,\n\"sold\": 1\n}")
                                     << QByteArray(R"({"disposition":null,"sold":1})");
    QTest::newRow("comma after {") << QByteArray(R"({,"a":1})") << QByteArray(R"({"a":1})");
    QTest::newRow("comma after [") << QByteArray("[ ,1]") << QByteArray("[1]");
    QTest::newRow("comma before ]") << QByteArray("[1, ]") << QByteArray("[1]");
    QTest::newRow("comma before }") << QByteArray("{\"a\":1,\n}") << QByteArray(R"({"a":1})");
    QTest::newRow("nTherm stray comma") << QByteArray("{\"a\": false,\n,\"b\":2}")
                                        << QByteArray(R"({"a":false,"b":2})");
    QTest::newRow("double comma in array") << QByteArray("[1,,2]") << QByteArray("[1,2]");
    QTest::newRow("only commas") << QByteArray("[,,,]") << QByteArray("[]");
    QTest::newRow("empty value and trailing comma") << QByteArray(R"({"c":,})") << QByteArray(R"({"c":null})");
    QTest::newRow("nested") << QByteArray(R"({"a":[1,],"b":{"c":,},})") << QByteArray(R"({"a":[1],"b":{"c":null}})");
}

void TestTolerantJson::documentedDefectsAreRepaired()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QVERIFY(QJsonDocument::fromJson(input).isNull()); // the row really needs a repair
    const auto document = parseTolerantJson(input);
    QVERIFY(document.has_value());
    QCOMPARE(compact(*document), expected);
}

void TestTolerantJson::documentedAnswersParse()
{
    const auto stray = parseTolerantJson(fixture(u"ntherm/response-400-invalid-characters.json"_s));
    QVERIFY(stray.has_value());
    QCOMPARE(stray->object().value(u"success_bit"_s), QJsonValue(false));
    QCOMPARE(stray->object().value(u"message"_s).toArray().at(0).toObject().value(u"error"_s).toString(),
             u"Invalid Characters: 7271234567x"_s);

    const auto sold = parseTolerantJson(fixture(u"bhm/response-sold.json"_s));
    QVERIFY(sold.has_value());
    QVERIFY(sold->object().value(u"disposition"_s).isNull());
    QCOMPARE(sold->object().value(u"leadid"_s).toInteger(), 234567891);

    const auto failed = parseTolerantJson(fixture(u"bhm/response-failed.json"_s));
    QVERIFY(failed.has_value());
    QCOMPARE(failed->object().value(u"errors"_s).toArray().at(0).toArray().size(), 2);
}

void TestTolerantJson::stringLiteralsAreNeverTouched_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("expectedA");
    QTest::newRow("colon comma") << QByteArray(R"({"a":": ,","b":})") << u": ,"_s;
    QTest::newRow("colon brace") << QByteArray(R"({"a":"x:}","b":,})") << u"x:}"_s;
    QTest::newRow("bracket comma") << QByteArray(R"({"a":"[, ,]","b":[1,]})") << u"[, ,]"_s;
    QTest::newRow("escaped quote") << QByteArray(R"({"a":"q\":,}","b":})") << u"q\":,}"_s;
    QTest::newRow("escaped backslash") << QByteArray(R"({"a":"back\\","b":})") << u"back\\"_s;
    QTest::newRow("escaped backslash then syntax") << QByteArray(R"({"a":"\\\",:","b":,})") << u"\\\",:"_s;
    QTest::newRow("key with syntax") << QByteArray(R"({"a":"v", ",:":})") << u"v"_s;
}

void TestTolerantJson::stringLiteralsAreNeverTouched()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, expectedA);
    const auto document = parseTolerantJson(input);
    QVERIFY(document.has_value());
    QCOMPARE(document->object().value(u"a"_s).toString(), expectedA);
}

void TestTolerantJson::unrepairableInputIsRefused_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("spaces") << QByteArray("  \n ");
    QTest::newRow("html") << QByteArray("<html><body><h1>502 Bad Gateway</h1></body></html>");
    QTest::newRow("missing colon") << QByteArray(R"({"a" 1})");
    QTest::newRow("single quotes") << QByteArray("{'a': 1}");
    QTest::newRow("unterminated object") << QByteArray(R"({"a":1)");
    QTest::newRow("unterminated string") << QByteArray(R"({"a":"1})");
    QTest::newRow("garbage after") << QByteArray(R"({"a":1}})");
    QTest::newRow("empty value before ]") << QByteArray(R"({"a":[1:]})");
    QTest::newRow("bare word") << QByteArray("nul");
    QTest::newRow("nul bytes") << QByteArray("{\0\"a\":1}", 9);
}

void TestTolerantJson::unrepairableInputIsRefused()
{
    QFETCH(QByteArray, input);
    QVERIFY(!parseTolerantJson(input).has_value());
}

void TestTolerantJson::deepNestingIsRefusedWithoutCrashing()
{
    const QByteArray open(200000, '[');
    QVERIFY(!parseTolerantJson(open).has_value());
    QVERIFY(!parseTolerantJson(open + QByteArray(200000, ']')).has_value());
    QVERIFY(!parseTolerantJson(QByteArray(100000, '{')).has_value());

    // Moderate depth still parses, repairs included.
    const int depth = 200;
    const QByteArray nested = QByteArray(depth, '[') + "1," + QByteArray(depth, ']');
    const auto document = parseTolerantJson(nested);
    QVERIFY(document.has_value());
    QJsonArray inner = document->array();
    for (int level = 1; level < depth; ++level)
        inner = inner.at(0).toArray();
    QCOMPARE(inner, QJsonArray{1});
}

void TestTolerantJson::sizeLimitIsExact()
{
    const QByteArray body(R"({"a":})");
    QVERIFY(parseTolerantJson(body, body.size()).has_value());
    QVERIFY(!parseTolerantJson(body, body.size() - 1).has_value());
}

void TestTolerantJson::tenMegabytesOfGarbageIsBounded()
{
    const qsizetype size = 10 * 1024 * 1024;
    QByteArray garbage(size, '\0');
    QRandomGenerator random(4711);
    for (qsizetype i = 0; i < size; ++i)
        garbage[i] = static_cast<char>(random.bounded(256));

    QElapsedTimer timer;
    timer.start();
    QVERIFY(!parseTolerantJson(garbage).has_value()); // over the default limit: not even looked at
    QVERIFY(!parseTolerantJson(garbage, 2 * size).has_value());
    // The worst case for the repair's output: every byte pair asks for an inserted "null".
    QByteArray colons;
    colons.reserve(size);
    colons += '{';
    while (colons.size() < size - 8)
        colons += "\"k\":,";
    colons += "\"k\":}";
    const auto repaired = parseTolerantJson(colons, 2 * size);
    // Duplicate keys collapse into one: what matters is that it finished and read the repaired value.
    QVERIFY(repaired.has_value());
    QVERIFY(repaired->object().value(u"k"_s).isNull());
    QVERIFY2(timer.elapsed() < 60000, qPrintable(u"took %1 ms"_s.arg(timer.elapsed())));
}

void TestTolerantJson::randomInputNeverCrashes()
{
    static const QByteArray alphabet("{}[]:,\"\\ \n0123456789.-+eEtruefalsn");
    const QList<QByteArray> seeds{
        fixture(u"ntherm/response-400-invalid-characters.json"_s),
        fixture(u"ntherm/response-400-several-errors.json"_s),
        fixture(u"bhm/response-failed.json"_s),
        fixture(u"bhm/response-sold.json"_s),
    };
    QRandomGenerator random(20261122);
    int parsed = 0;
    for (int round = 0; round < 6000; ++round) {
        QByteArray input;
        if (round % 2 == 0) {
            // Mutated documented answers: flips, insertions and deletions of syntax characters.
            input = seeds.at(round / 2 % seeds.size());
            const int edits = 1 + random.bounded(6);
            for (int edit = 0; edit < edits && !input.isEmpty(); ++edit) {
                const qsizetype at = random.bounded(static_cast<int>(input.size()));
                const char c = alphabet.at(random.bounded(static_cast<int>(alphabet.size())));
                switch (random.bounded(3)) {
                case 0:
                    input[at] = c;
                    break;
                case 1:
                    input.insert(at, c);
                    break;
                default:
                    input.remove(at, 1);
                    break;
                }
            }
        } else {
            const int length = random.bounded(200);
            for (int i = 0; i < length; ++i) {
                input += random.bounded(4) == 0 ? static_cast<char>(random.bounded(256))
                                                : alphabet.at(random.bounded(static_cast<int>(alphabet.size())));
            }
        }
        const auto document = parseTolerantJson(input);
        const QJsonDocument strict = QJsonDocument::fromJson(input);
        if (!strict.isNull()) {
            // Whatever strict JSON says wins: the repair never changes a valid document.
            QVERIFY(document.has_value());
            QCOMPARE(compact(*document), compact(strict));
        }
        if (document)
            ++parsed;
    }
    QVERIFY(parsed > 0); // the mutations did keep some answers readable, so the repair path really ran
}

QTEST_GUILESS_MAIN(TestTolerantJson)
#include "tst_tolerantjson.moc"
