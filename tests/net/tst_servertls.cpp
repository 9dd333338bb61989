// SPDX-License-Identifier: GPL-3.0-or-later
#include "TlsTestSupport.h"
#include "net/ServerTls.h"

#include <QFile>
#include <QProcess>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using namespace LeadRelay::Test;

// Every way the receiver's certificate and key files can be wrong is told at start-up, in plain words: files made
// by openssl at test time, one row per mistake.
class tst_ServerTls : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    TlsPair m_rsa;
    TlsPair m_ec;
    TlsPair m_other;

    QString file(const QString &name) const { return m_dir.filePath(name); }
    bool write(const QString &name, const QByteArray &bytes) const
    {
        QFile out(file(name));
        return out.open(QIODevice::WriteOnly) && out.write(bytes) == bytes.size();
    }

private Q_SLOTS:
    void initTestCase();
    void goodPairsServe_data();
    void goodPairsServe();
    void mistakesAreToldPlainly_data();
    void mistakesAreToldPlainly();
    void unreadableKeyIsToldPlainly();
};

void tst_ServerTls::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_rsa = makeTlsPair(m_dir, u"rsa"_s);
    m_ec = makeTlsPair(m_dir, u"ec"_s, u"ec"_s);
    m_other = makeTlsPair(m_dir, u"other"_s);
    // -newkey ec needs its curve: made by hand when the plain form is refused.
    if (m_ec.certificate.isEmpty()) {
        QVERIFY(QProcess::execute(u"openssl"_s, {u"ecparam"_s, u"-name"_s, u"prime256v1"_s, u"-genkey"_s, u"-noout"_s,
                                                 u"-out"_s, file(u"ec-key.pem"_s)}) == 0);
        QVERIFY(QProcess::execute(u"openssl"_s,
                                  {u"req"_s, u"-x509"_s, u"-key"_s, file(u"ec-key.pem"_s), u"-subj"_s,
                                   u"/CN=127.0.0.1"_s, u"-days"_s, u"2"_s, u"-out"_s, file(u"ec-cert.pem"_s)}) == 0);
        m_ec = {file(u"ec-cert.pem"_s), file(u"ec-key.pem"_s)};
    }
    QVERIFY(!m_rsa.certificate.isEmpty());
    QVERIFY(!m_other.certificate.isEmpty());
    QVERIFY(QProcess::execute(u"openssl"_s, {u"pkey"_s, u"-in"_s, m_rsa.key, u"-aes256"_s, u"-passout"_s,
                                             u"pass:secret-passphrase"_s, u"-out"_s, file(u"locked-key.pem"_s)}) == 0);
    QVERIFY(write(u"garbage.pem"_s, "hello, this is not PEM\n"));
    QVERIFY(write(u"empty.pem"_s, QByteArray()));
    QFile chain(file(u"fullchain.pem"_s));
    QVERIFY(chain.open(QIODevice::WriteOnly));
    for (const QString &part : {m_rsa.certificate, m_other.certificate}) {
        QFile in(part);
        QVERIFY(in.open(QIODevice::ReadOnly));
        chain.write(in.readAll());
    }
}

void tst_ServerTls::goodPairsServe_data()
{
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("key");
    QTest::addColumn<int>("chainLength");
    QTest::newRow("RSA") << m_rsa.certificate << m_rsa.key << 1;
    QTest::newRow("EC") << m_ec.certificate << m_ec.key << 1;
    QTest::newRow("full chain (leaf first)") << file(u"fullchain.pem"_s) << m_rsa.key << 2;
}

void tst_ServerTls::goodPairsServe()
{
    QFETCH(QString, certificate);
    QFETCH(QString, key);
    QFETCH(int, chainLength);
    const ServerTls::Loaded loaded = ServerTls::load(certificate, key);
    QVERIFY2(loaded.configuration, qPrintable(loaded.problem));
    QVERIFY(loaded.problem.isEmpty());
    QVERIFY(loaded.warnings.isEmpty());
    QCOMPARE(loaded.configuration->localCertificateChain().size(), chainLength);
    QVERIFY(!loaded.configuration->privateKey().isNull());
}

void tst_ServerTls::mistakesAreToldPlainly_data()
{
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("expected"); // a part of the message
    QTest::newRow("certificate missing") << file(u"nope-cert.pem"_s) << m_rsa.key
                                         << u"The certificate file %1 does not exist."_s.arg(file(u"nope-cert.pem"_s));
    QTest::newRow("key missing") << m_rsa.certificate << file(u"nope-key.pem"_s)
                                 << u"The private key file %1 does not exist."_s.arg(file(u"nope-key.pem"_s));
    QTest::newRow("certificate is a folder") << m_dir.path() << m_rsa.key << u"is a folder, not a file"_s;
    QTest::newRow("certificate is not PEM") << file(u"garbage.pem"_s) << m_rsa.key << u"holds no certificate"_s;
    QTest::newRow("certificate empty") << file(u"empty.pem"_s) << m_rsa.key << u"holds no certificate"_s;
    QTest::newRow("key is not PEM") << m_rsa.certificate << file(u"garbage.pem"_s) << u"holds no private key"_s;
    QTest::newRow("files swapped") << m_rsa.key << m_rsa.certificate << u"are --tls-cert and --tls-key swapped?"_s;
    QTest::newRow("key with a passphrase")
        << m_rsa.certificate << file(u"locked-key.pem"_s) << u"locked with a passphrase"_s;
    QTest::newRow("key of another certificate (RSA)")
        << m_rsa.certificate << m_other.key << u"cannot serve HTTPS together"_s;
    QTest::newRow("key of another certificate (EC for RSA)")
        << m_rsa.certificate << m_ec.key << u"cannot serve HTTPS together"_s;
}

void tst_ServerTls::mistakesAreToldPlainly()
{
    QFETCH(QString, certificate);
    QFETCH(QString, key);
    QFETCH(QString, expected);
    const ServerTls::Loaded loaded = ServerTls::load(certificate, key);
    QVERIFY(!loaded.configuration);
    QVERIFY2(loaded.problem.contains(expected), qPrintable(loaded.problem));
    // Never a word of the key itself (nor the passphrase of a locked one).
    QVERIFY(!loaded.problem.contains(u"BEGIN"_s) || loaded.problem.contains(u"\"-----BEGIN"_s));
    QVERIFY(!loaded.problem.contains(u"secret-passphrase"_s));
}

void tst_ServerTls::unreadableKeyIsToldPlainly()
{
    if (::geteuid() == 0)
        QSKIP("root reads any file: permissions cannot make one unreadable");
    const QString locked = file(u"unreadable-key.pem"_s);
    QVERIFY(QFile::copy(m_rsa.key, locked));
    QVERIFY(QFile::setPermissions(locked, QFileDevice::Permissions()));
    const ServerTls::Loaded loaded = ServerTls::load(m_rsa.certificate, locked);
    QVERIFY(!loaded.configuration);
    QVERIFY2(loaded.problem.contains(u"cannot be read"_s), qPrintable(loaded.problem));
    QVERIFY2(loaded.problem.contains(u"needs read access"_s), qPrintable(loaded.problem));
}

QTEST_GUILESS_MAIN(tst_ServerTls)
#include "tst_servertls.moc"
