// SPDX-License-Identifier: GPL-3.0-or-later
// Settings files edited by hand: whatever number is written, what AppSettings reads stays within the ranges the
// settings dialog offers, and what is derived from it (a timeout in milliseconds) never overflows.
#include "gui/AppSettings.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace LeadRelay;
using namespace Qt::StringLiterals;

class TestSettingsValues : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void handEditedNumbersAreBounded_data()
    {
        QTest::addColumn<QString>("written");
        QTest::addColumn<int>("timeoutSeconds"); // 1..300, else the default 30
        QTest::addColumn<int>("duplicateDays");  // 0..365 (0: off), text keeps the default 30
        QTest::addColumn<int>("staleHours");     // 1..720, else the default 24
        QTest::addColumn<int>("callbackPort");   // 1..65535, else the default 8787
        QTest::newRow("ordinary") << u"45"_s << 45 << 45 << 45 << 45;
        QTest::newRow("lowest") << u"1"_s << 1 << 1 << 1 << 1;
        QTest::newRow("longest timeout") << u"300"_s << 300 << 300 << 300 << 300;
        QTest::newRow("just over the timeout") << u"301"_s << 300 << 301 << 301 << 301;
        QTest::newRow("a year") << u"365"_s << 300 << 365 << 365 << 365;
        QTest::newRow("just over a year") << u"366"_s << 300 << 365 << 366 << 366;
        QTest::newRow("a month of hours") << u"720"_s << 300 << 365 << 720 << 720;
        QTest::newRow("over a month of hours") << u"721"_s << 300 << 365 << 720 << 721;
        QTest::newRow("highest port") << u"65535"_s << 300 << 365 << 720 << 65535;
        QTest::newRow("over the highest port") << u"65536"_s << 300 << 365 << 720 << 8787;
        QTest::newRow("overflows in milliseconds") << u"2147484"_s << 300 << 365 << 720 << 8787;
        QTest::newRow("int max") << u"2147483647"_s << 300 << 365 << 720 << 8787;
        QTest::newRow("beyond int") << u"99999999999"_s << 300 << 365 << 720 << 8787;
        QTest::newRow("wraps to 1 as an int") << u"4294967297"_s << 300 << 365 << 720 << 8787;
        QTest::newRow("wraps to a port as an int") << u"4294975083"_s << 300 << 365 << 720 << 8787;
        QTest::newRow("beyond 64 bits") << u"99999999999999999999"_s << 30 << 30 << 24 << 8787;
        QTest::newRow("zero") << u"0"_s << 30 << 0 << 24 << 8787;
        QTest::newRow("negative") << u"-5"_s << 30 << 0 << 24 << 8787;
        QTest::newRow("int min") << u"-2147483648"_s << 30 << 0 << 24 << 8787;
        QTest::newRow("text") << u"soon"_s << 30 << 30 << 24 << 8787;
    }

    void handEditedNumbersAreBounded()
    {
        QFETCH(QString, written);
        QFETCH(int, timeoutSeconds);
        QFETCH(int, duplicateDays);
        QFETCH(int, staleHours);
        QFETCH(int, callbackPort);
        const QString path = m_dir.filePath(u"handedited.ini"_s);
        {
            QSettings raw(path, QSettings::IniFormat);
            raw.clear();
            for (const QString &id : AppSettings::vendorIds())
                raw.setValue(AppSettings::vendorKey(id, AppSettings::VendorTimeout), written);
            raw.setValue(QString::fromLatin1(AppSettings::DuplicateWindowDays), written);
            raw.setValue(QString::fromLatin1(AppSettings::StaleAfterHours), written);
            raw.setValue(QString::fromLatin1(AppSettings::CallbackPort), written);
        }
        QSettings ini(path, QSettings::IniFormat);
        AppSettings settings(&ini);
        for (const QString &id : AppSettings::vendorIds()) {
            QCOMPARE(settings.timeoutSeconds(id), timeoutSeconds);
            QCOMPARE(settings.account(id, QUrl(u"http://127.0.0.1:1"_s)).timeoutMs, timeoutSeconds * 1000);
        }
        QCOMPARE(settings.duplicateWindowDays(), duplicateDays);
        QCOMPARE(settings.staleAfterHours(), staleHours);
        QCOMPARE(int(settings.callbackPort()), callbackPort);
    }
};

QTEST_MAIN(TestSettingsValues)
#include "tst_settingsvalues.moc"
