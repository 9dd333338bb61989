// SPDX-License-Identifier: GPL-3.0-or-later
#include "vendors/BrightHorizonsVendor.h"
#include "vendors/NthermVendor.h"
#include "vendors/Vendor.h"

#include <QTest>

using namespace LeadRelay;
using namespace Qt::StringLiterals;

class TestVendor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void headerLookupIgnoresCase_data();
    void headerLookupIgnoresCase();
    void toTextShowsMethodUrlHeadersAndBody();
    void registryKnowsBothVendors();
    void identities_data();
    void identities();
};

void TestVendor::headerLookupIgnoresCase_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("as sent") << QByteArray("Content-Type") << QByteArray("application/json");
    QTest::newRow("lower") << QByteArray("content-type") << QByteArray("application/json");
    QTest::newRow("upper") << QByteArray("AUTHORIZATION") << QByteArray("Basic abc");
    QTest::newRow("absent") << QByteArray("Accept") << QByteArray();
    QTest::newRow("prefix only") << QByteArray("Content") << QByteArray();
}

void TestVendor::headerLookupIgnoresCase()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, expected);
    HttpRequest request;
    request.headers = {{"Content-Type", "application/json"}, {"Authorization", "Basic abc"}};
    QCOMPARE(request.header(name), expected);
}

void TestVendor::toTextShowsMethodUrlHeadersAndBody()
{
    HttpRequest request;
    request.url = QUrl(u"https://api.example.com/v1/post"_s);
    request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    request.body = R"({"a":1})";
    QCOMPARE(request.toText(), QByteArray("POST https://api.example.com/v1/post\n"
                                          "Content-Type: application/json\n"
                                          "Accept: application/json\n"
                                          "\n"
                                          R"({"a":1})"));
}

void TestVendor::registryKnowsBothVendors()
{
    const QList<const Vendor *> vendors = allVendors();
    QCOMPARE(vendors.size(), 2);
    QCOMPARE(vendorById(u"ntherm"_s), vendors.at(0));
    QCOMPARE(vendorById(u"bhm"_s), vendors.at(1));
    QCOMPARE(vendorById(u"NTHERM"_s), nullptr);
    QCOMPARE(vendorById(QString()), nullptr);
    QCOMPARE(allVendors(), vendors); // the same objects every time
}

void TestVendor::identities_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("displayName");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<bool>("callbacks");
    QTest::newRow("ntherm") << u"ntherm"_s << u"nTherm"_s << u"https://api.ntherm.com/v1/postLead"_s << true;
    QTest::newRow("bhm") << u"bhm"_s << u"Bright Horizons Media"_s
                         << u"https://api.brighthorizonsmedia.com/post/energy/"_s << false;
}

void TestVendor::identities()
{
    QFETCH(QString, id);
    QFETCH(QString, displayName);
    QFETCH(QString, endpoint);
    QFETCH(bool, callbacks);
    const Vendor *vendor = vendorById(id);
    QVERIFY(vendor);
    QCOMPARE(vendor->id(), id);
    QCOMPARE(vendor->displayName(), displayName);
    QCOMPARE(vendor->productionEndpoint(), QUrl(endpoint));
    QCOMPARE(vendor->productionEndpoint().toString(), endpoint); // the trailing slash survives
    QCOMPARE(vendor->supportsCallback(), callbacks);
}

QTEST_GUILESS_MAIN(TestVendor)
#include "tst_vendor.moc"
