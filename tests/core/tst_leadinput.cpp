// SPDX-License-Identifier: GPL-3.0-or-later
// Input that would be stored differently from what is sent: broken Unicode, NUL and other invisible characters in
// every field, and the bounds of the consent texts (which travel with every submission and are stored with it).
#include "ValidatorTestSupport.h"
#include "core/Lead.h"
#include "core/LeadValidator.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using namespace LeadRelay::Test;

namespace
{

// A question of exactly n characters.
QString question(qsizetype n)
{
    return QString(n - 1, u'q') + u'?';
}

} // namespace

class TestLeadInput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyFieldRefusesUnstorableText_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        for (const QString &key : Lead::textKeys()) {
            const QByteArray name = key.toUtf8();
            QTest::newRow(QByteArray(name + " lone high surrogate").constData())
                << key << u"Jo"_s + QChar(0xD800) + u"hn"_s << u"broken"_s;
            QTest::newRow(QByteArray(name + " lone low surrogate").constData())
                << key << QChar(0xDC00) + u"x"_s << u"broken"_s;
            QTest::newRow(QByteArray(name + " NUL").constData()) << key << u"Jo"_s + QChar(0) + u"hn"_s << u"NUL"_s;
        }
    }

    // Validated field by field (what the form shows under each field), with each field's own rule behind it.
    void everyFieldRefusesUnstorableText()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        Lead lead;
        QVERIFY(lead.setText(key, value));
        const FieldIssues issues = LeadValidator::validateField(lead, key, Today);
        QCOMPARE(errorsOn(issues, key).size(), 1);
        QVERIFY2(issues.first().message.contains(expected), qPrintable(messages(issues)));
        // The whole-lead validation (what blocks sending) says the same.
        VendorRequirements none;
        const FieldIssues all = LeadValidator::validate(lead, none, Today);
        QVERIFY2(errorsOn(all, key).size() == 1 && errorsOn(all, key).first().message.contains(expected),
                 qPrintable(messages(all)));
    }

    void controlCharactersAreNamed_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected"); // empty: accepted
        QTest::newRow("plain") << u"Mary Ann"_s << QString();
        QTest::newRow("emoji, a valid surrogate pair") << u"Ann \U0001F600"_s << QString();
        QTest::newRow("NUL") << u"Jo"_s + QChar(0) + u"hn"_s << u"NUL character"_s;
        QTest::newRow("NUL at the end") << u"John"_s + QChar(0) << u"NUL character"_s;
        QTest::newRow("only a NUL") << QString(QChar(0)) << u"NUL character"_s;
        QTest::newRow("tab") << u"Jo\thn"_s << u"tab or line break"_s;
        QTest::newRow("carriage return") << u"John\r"_s << u"tab or line break"_s;
        QTest::newRow("line separator") << u"Jo\u2028hn"_s << u"tab or line break"_s;
        QTest::newRow("paragraph separator") << u"Jo\u2029hn"_s << u"tab or line break"_s;
        QTest::newRow("next line") << u"Jo\u0085hn"_s << u"tab or line break"_s;
        QTest::newRow("bell") << u"Jo\u0007hn"_s << u"control character U+0007"_s;
        QTest::newRow("escape") << u"Jo\u001bhn"_s << u"control character U+001B"_s;
        QTest::newRow("delete") << u"Jo\u007fhn"_s << u"control character U+007F"_s;
        QTest::newRow("lone surrogate") << u"Jo"_s + QChar(0xDBFF) << u"broken character"_s;
    }

    void controlCharactersAreNamed()
    {
        QFETCH(QString, value);
        QFETCH(QString, expected);
        for (const FieldIssues &issues : {Rules::name(value, Key::FirstName), Rules::text(value, Key::City)}) {
            if (expected.isEmpty()) {
                QVERIFY2(!hasErrors(issues), qPrintable(messages(issues)));
                continue;
            }
            QCOMPARE(issues.size(), 1);
            QCOMPARE(issues.first().severity, Severity::Error);
            QVERIFY2(issues.first().message.contains(expected), qPrintable(messages(issues)));
            if (!expected.contains(u"tab"_s))
                QVERIFY2(!issues.first().message.contains(u"tab or line break"_s), qPrintable(messages(issues)));
        }
    }

    void consentTexts_data()
    {
        QTest::addColumn<QList<ConsentAnswer>>("consent");
        QTest::addColumn<QString>("expected"); // a piece of the consent error; empty: no consent error
        const QString yes = u"Yes"_s;
        QTest::newRow("question of 1000") << QList<ConsentAnswer>{{question(1000), yes}} << QString();
        QTest::newRow("question of 1001") << QList<ConsentAnswer>{{u"Short?"_s, yes}, {question(1001), yes}}
                                          << u"Consent question 2 has 1001 characters; a question has at most 1000"_s;
        QTest::newRow("question of 900 KB")
            << QList<ConsentAnswer>{{question(900 * 1024), yes}} << u"a question has at most 1000"_s;
        QTest::newRow("answer of 100") << QList<ConsentAnswer>{{u"Q?"_s, QString(100, u'y')}} << QString();
        QTest::newRow("answer of 101") << QList<ConsentAnswer>{{u"Q?"_s, QString(101, u'y')}}
                                       << u"The answer to consent question 1 has 101 characters; an answer has at "
                                          "most 100"_s;
        QTest::newRow("50 questions") << QList<ConsentAnswer>(50, {u"Q?"_s, yes}) << QString();
        QTest::newRow("51 questions") << QList<ConsentAnswer>(51, {u"Q?"_s, yes})
                                      << u"at most 50 questions (this one has 51)"_s;
        QTest::newRow("surrogate in question")
            << QList<ConsentAnswer>{{u"Q"_s + QChar(0xD800) + u'?', yes}} << u"Consent question 1 contains a broken"_s;
        QTest::newRow("NUL in question") << QList<ConsentAnswer>{{u"Q"_s + QChar(0) + u'?', yes}}
                                         << u"Consent question 1 contains a broken"_s;
        QTest::newRow("surrogate in answer") << QList<ConsentAnswer>{{u"Q?"_s, u"Y"_s + QChar(0xDFFF)}}
                                             << u"answer to consent question 1 contains a broken"_s;
        QTest::newRow("NUL in answer") << QList<ConsentAnswer>{{u"Q?"_s, u"Yes"_s + QChar(0)}}
                                       << u"answer to consent question 1 contains a broken"_s;
        QTest::newRow("valid pair in question") << QList<ConsentAnswer>{{u"\U0001F600?"_s, yes}} << QString();
    }

    // Bounded whatever the vendor requires: also a vendor that never sends consent stores it with the lead.
    void consentTexts()
    {
        QFETCH(QList<ConsentAnswer>, consent);
        QFETCH(QString, expected);
        Lead lead = sampleLead();
        lead.consent = consent;
        VendorRequirements none;
        for (const bool required : {false, true}) {
            none.consentRequired = required;
            const FieldIssues issues = errorsOn(LeadValidator::validate(lead, none, Today), Key::Consent);
            if (expected.isEmpty()) {
                QVERIFY2(issues.isEmpty(), qPrintable(messages(issues)));
                continue;
            }
            QCOMPARE(issues.size(), 1);
            QVERIFY2(issues.first().message.contains(expected), qPrintable(messages(issues).left(400)));
            QVERIFY2(issues.first().message.size() < 300, "a message never quotes a whole pasted document");
        }
    }

    void unansweredQuestionIsQuotedShortAndExact()
    {
        Lead lead = sampleLead();
        lead.consent = {{u"Yes?"_s, u"Yes"_s}, {u"Rate us %1 or %2?"_s, QString()}, {question(2000), QString()}};
        VendorRequirements needs;
        needs.consentRequired = true;
        const FieldIssues issues = errorsOn(LeadValidator::validate(lead, needs, Today), Key::Consent);
        QVERIFY(!issues.isEmpty());
        QCOMPARE(issues.first().message, u"Consent question 2 has no answer: \"Rate us %1 or %2?\""_s);
        // The long one: quoted by its start only, and also refused for its length.
        qsizetype longest = 0;
        for (const FieldIssue &issue : issues)
            longest = qMax(longest, issue.message.size());
        QVERIFY2(longest < 300, qPrintable(QString::number(longest)));
        QCOMPARE(issues.size(), 3);
    }

    void surrogatePairIsNeverCutInAQuote()
    {
        // 119 letters, then an emoji across characters 120 and 121: the quote must stop before it.
        Lead lead = sampleLead();
        lead.consent = {{QString(119, u'q') + u"\U0001F600"_s + QString(10, u'q') + u'?', QString()}};
        VendorRequirements needs;
        needs.consentRequired = true;
        const FieldIssues issues = errorsOn(LeadValidator::validate(lead, needs, Today), Key::Consent);
        QCOMPARE(issues.size(), 1);
        QVERIFY(QStringView(issues.first().message).isValidUtf16());
    }
};

QTEST_GUILESS_MAIN(TestLeadInput)
#include "tst_leadinput.moc"
