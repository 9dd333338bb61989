// SPDX-License-Identifier: GPL-3.0-or-later
#include "AboutDialog.h"

#include "LeadRelayVersion.h"
#include "ui_AboutDialog.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QPushButton>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSysInfo>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AboutDialog>())
{
    m_ui->setupUi(this);
    m_ui->titleLabel->setText(tr("LeadRelay %1").arg(QStringLiteral(LEADRELAY_PROJECT_VERSION)));

    const auto versions = componentVersions();
    m_ui->versionTable->setRowCount(int(versions.size()));
    for (int row = 0; row < versions.size(); ++row) {
        m_ui->versionTable->setItem(row, 0, new QTableWidgetItem(versions.at(row).first));
        m_ui->versionTable->setItem(row, 1, new QTableWidgetItem(versions.at(row).second));
    }
    m_ui->versionTable->resizeColumnsToContents();

    QPushButton *copy = m_ui->buttons->addButton(tr("&Copy versions"), QDialogButtonBox::ActionRole);
    copy->setObjectName(u"copyButton"_s);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &AboutDialog::reject);
    connect(copy, &QPushButton::clicked, this,
            [] { QGuiApplication::clipboard()->setText(AboutDialog::versionsText()); });
}

AboutDialog::~AboutDialog() = default;

QList<QPair<QString, QString>> AboutDialog::componentVersions()
{
    // Qt's runtime version is what the user's system loaded; the build's version only matters when they differ.
    const QString qtRuntime = QString::fromLatin1(qVersion());
    const QString qtBuilt = QStringLiteral(QT_VERSION_STR);
    const QString qt = qtRuntime == qtBuilt ? qtRuntime : tr("%1 (built with %2)").arg(qtRuntime, qtBuilt);
    return {
        {u"LeadRelay"_s, QStringLiteral(LEADRELAY_VERSION_TEXT)},
        {u"Qt"_s, qt},
        {u"SQLite"_s, sqliteVersion()},
        // No runtime version API exists: this is the Debian package the build compiled against.
        {u"libphonenumber"_s, QStringLiteral(LEADRELAY_PHONENUMBER_VERSION)},
        {tr("Operating system"), QSysInfo::prettyProductName()},
    };
}

QString AboutDialog::versionsText()
{
    QString text;
    for (const auto &[component, version] : componentVersions())
        text += component + u": "_s + version + u'\n';
    return text;
}

QString AboutDialog::sqliteVersion()
{
    // A private in-memory connection: never the history's, so asking cannot disturb or lock it.
    const QString name = u"leadrelay-about-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString version;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(u":memory:"_s);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(u"SELECT sqlite_version()"_s) && query.next())
                version = query.value(0).toString();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return version.isEmpty() ? tr("unavailable (Qt's SQLite driver is missing)") : version;
}

} // namespace LeadRelay
