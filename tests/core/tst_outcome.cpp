// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/Outcome.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

class TestOutcome : public QObject
{
    Q_OBJECT

private slots:
    void keys_data()
    {
        QTest::addColumn<OutcomeState>("state");
        QTest::addColumn<QString>("key");
        QTest::newRow("sold") << OutcomeState::Sold << u"sold"_s;
        QTest::newRow("accepted") << OutcomeState::Accepted << u"accepted"_s;
        QTest::newRow("accepted_not_sold") << OutcomeState::AcceptedNotSold << u"accepted_not_sold"_s;
        QTest::newRow("rejected") << OutcomeState::Rejected << u"rejected"_s;
        QTest::newRow("invalid") << OutcomeState::Invalid << u"invalid"_s;
        QTest::newRow("account_error") << OutcomeState::AccountError << u"account_error"_s;
        QTest::newRow("not_delivered") << OutcomeState::NotDelivered << u"not_delivered"_s;
        QTest::newRow("delivery_unknown") << OutcomeState::DeliveryUnknown << u"delivery_unknown"_s;
        QTest::newRow("sending") << OutcomeState::Sending << u"sending"_s;
    }

    void keys()
    {
        QFETCH(OutcomeState, state);
        QFETCH(QString, key);
        QCOMPARE(outcomeStateKey(state), key);
        QCOMPARE(outcomeStateFromKey(key), std::optional<OutcomeState>(state));
        QVERIFY(outcomeStateKeys().contains(key));
    }

    void allKeysDistinct()
    {
        const QStringList keys = outcomeStateKeys();
        QCOMPARE(keys.size(), 9);
        QCOMPARE(QSet<QString>(keys.cbegin(), keys.cend()).size(), keys.size());
    }

    void unknownKey()
    {
        QCOMPARE(outcomeStateFromKey(u"Sold"_s), std::nullopt);
        QCOMPARE(outcomeStateFromKey(QString()), std::nullopt);
        QCOMPARE(outcomeStateFromKey(u"billed"_s), std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestOutcome)
#include "tst_outcome.moc"
