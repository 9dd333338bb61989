// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/CallbackBase.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

// The public callback base: https://, or plain http:// to this computer only (the address carries a secret token).
class tst_CallbackBase : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rule_data();
    void rule();
};

void tst_CallbackBase::rule_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("expected"); // empty: accepted; otherwise a part of the message

    const QString clear = u"must not cross the network in clear"_s;
    QTest::newRow("https name") << u"https://callbacks.example.com"_s << QString();
    QTest::newRow("https with port and path") << u"https://cb.example.com:8443/lr/"_s << QString();
    QTest::newRow("https private address") << u"https://10.1.2.3:8443"_s << QString();
    QTest::newRow("HTTPS upper case") << u"HTTPS://cb.example.com"_s << QString();
    QTest::newRow("http 127.0.0.1") << u"http://127.0.0.1:8787"_s << QString();
    QTest::newRow("http 127.1.2.3 (all of 127/8)") << u"http://127.1.2.3:8787"_s << QString();
    QTest::newRow("http ::1") << u"http://[::1]:8787"_s << QString();
    QTest::newRow("http localhost") << u"http://localhost:8787"_s << QString();
    QTest::newRow("http LocalHost") << u"http://LocalHost:8787"_s << QString();
    QTest::newRow("http IPv4-mapped loopback") << u"http://[::ffff:127.0.0.1]:8787"_s << QString();

    QTest::newRow("http public name") << u"http://callbacks.example.com"_s << clear;
    QTest::newRow("http public address") << u"http://203.0.113.7:8080"_s << clear;
    QTest::newRow("http private address") << u"http://192.168.1.20:8080"_s << clear;
    QTest::newRow("http 0.0.0.0") << u"http://0.0.0.0:8080"_s << clear;
    QTest::newRow("http name that starts like localhost") << u"http://localhost.example.com"_s << clear;
    QTest::newRow("http 128.0.0.1") << u"http://128.0.0.1"_s << clear;
    QTest::newRow("http IPv4-mapped public") << u"http://[::ffff:203.0.113.7]"_s << clear;

    QTest::newRow("empty") << QString() << u"not a valid web address"_s;
    QTest::newRow("ftp") << u"ftp://cb.example.com"_s << u"must start with https://"_s;
    QTest::newRow("no scheme") << u"cb.example.com"_s << u"must start with https://"_s;
    QTest::newRow("no host") << u"https:///callback"_s << u"no server name"_s;
    QTest::newRow("query") << u"https://cb.example.com/?a=1"_s << u"query"_s;
    QTest::newRow("fragment") << u"https://cb.example.com/#x"_s << u"fragment"_s;
    QTest::newRow("user and password") << u"https://user:pw@cb.example.com"_s << u"user name or password"_s;
}

void tst_CallbackBase::rule()
{
    QFETCH(QString, base);
    QFETCH(QString, expected);
    const QString problem = callbackBaseProblem(QUrl(base, QUrl::StrictMode));
    if (expected.isEmpty())
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    else
        QVERIFY2(problem.contains(expected), qPrintable(problem.isEmpty() ? u"(accepted)"_s : problem));
}

QTEST_GUILESS_MAIN(tst_CallbackBase)
#include "tst_callbackbase.moc"
