// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistoryLocationPage.h"

#include "ui_HistoryLocationPage.h"

#include "AppSettings.h"
#include "CredentialStore.h"
#include "store/HistoryStore.h"

#include <QDir>
#include <QFileDialog>
#include <QThread>

#include <memory>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{
const QString OkStyle = u"color: #1d6b2a;"_s;
const QString ProblemStyle = u"color: #b01c1c;"_s;
} // namespace

HistoryLocationPage::HistoryLocationPage(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::HistoryLocationPage>())
    , m_check(&HistoryStore::checkServer)
{
    m_ui->setupUi(this);
    // libpq's sslmode values, in words a floor supervisor can choose from. "require" first: a new setup encrypts
    // (Debian's PostgreSQL has TLS on out of the box); libpq ignores the mode on a local socket.
    const QList<std::pair<QString, QString>> modes = {
        {tr("Always encrypt"), u"require"_s},
        {tr("Always encrypt, and check the server's certificate authority"), u"verify-ca"_s},
        {tr("Always encrypt, and check the certificate and the server's name"), u"verify-full"_s},
        {tr("Encrypt when the server offers it"), u"prefer"_s},
        {tr("Never encrypt (only on a network you trust)"), u"disable"_s},
    };
    for (const auto &[label, mode] : modes)
        m_ui->serverTlsCombo->addItem(label, mode);

    connect(m_ui->browseButton, &QPushButton::clicked, this, &HistoryLocationPage::browse);
    connect(m_ui->testConnectionButton, &QPushButton::clicked, this, &HistoryLocationPage::testConnection);
    connect(m_ui->thisComputerRadio, &QRadioButton::toggled, this, &HistoryLocationPage::update);
    connect(m_ui->historyPathEdit, &QLineEdit::textChanged, this, &HistoryLocationPage::update);
    for (QLineEdit *edit :
         {m_ui->serverHostEdit, m_ui->serverDatabaseEdit, m_ui->serverUserEdit, m_ui->serverPasswordEdit}) {
        connect(edit, &QLineEdit::textChanged, this, [this] {
            ++m_testGeneration; // the answer on screen was for other values
            m_ui->testResult->clear();
            update();
        });
    }
    connect(m_ui->serverPasswordEdit, &QLineEdit::textEdited, this, [this] { m_passwordTyped = true; });
    connect(m_ui->serverPortSpin, &QSpinBox::valueChanged, this, [this] {
        ++m_testGeneration;
        m_ui->testResult->clear();
    });
    connect(m_ui->serverTlsCombo, &QComboBox::currentIndexChanged, this, [this] {
        ++m_testGeneration;
        m_ui->testResult->clear();
    });
    update();
}

HistoryLocationPage::~HistoryLocationPage() = default;

void HistoryLocationPage::setServerCheck(ServerCheck check)
{
    m_check = std::move(check);
}

void HistoryLocationPage::load(const AppSettings &settings, CredentialStore *credentials)
{
    m_ui->historyPathEdit->setText(QDir::toNativeSeparators(settings.historyDbPath()));
    const HistoryLocation server = settings.historyServer();
    m_ui->serverHostEdit->setText(server.host());
    m_ui->serverPortSpin->setValue(server.port());
    m_ui->serverDatabaseEdit->setText(server.database());
    m_ui->serverUserEdit->setText(server.user());
    // A server never entered gets the first mode ("require"); a saved address without one has libpq's default.
    const QString mode = server.host().isEmpty()      ? u"require"_s
                         : server.sslMode().isEmpty() ? u"prefer"_s
                                                      : server.sslMode();
    const int tls = m_ui->serverTlsCombo->findData(mode);
    m_ui->serverTlsCombo->setCurrentIndex(qMax(0, tls));
    (settings.historyOnServer() ? m_ui->teamServerRadio : m_ui->thisComputerRadio)->setChecked(true);
    if (credentials && !server.host().isEmpty() && !server.database().isEmpty()) {
        credentials->readTeamPassword(server, this, [this](const QString &password) {
            if (!m_passwordTyped) {
                const QSignalBlocker block(m_ui->serverPasswordEdit);
                m_ui->serverPasswordEdit->setText(password);
            }
        });
    }
    m_ui->testResult->clear();
    update();
}

void HistoryLocationPage::save(AppSettings &settings, CredentialStore *credentials) const
{
    settings.setHistoryDbPath(QDir::fromNativeSeparators(m_ui->historyPathEdit->text()));
    settings.setHistoryOnServer(teamServerChosen());
    const HistoryLocation server = enteredServer();
    // The server is kept while "This computer" is chosen, so switching back needs no retyping.
    if (!m_ui->serverHostEdit->text().trimmed().isEmpty() || !m_ui->serverDatabaseEdit->text().trimmed().isEmpty())
        settings.setHistoryServer(server); // uri(): without the password
    // Written when it differs from the keychain's for this server: typed, cleared, or carried to a new server.
    if (credentials && server.isValid() && server.password() != credentials->teamPassword(server))
        credentials->setTeamPassword(server, server.password());
}

bool HistoryLocationPage::teamServerChosen() const
{
    return m_ui->teamServerRadio->isChecked();
}

HistoryLocation HistoryLocationPage::enteredServer() const
{
    HistoryLocation server = HistoryLocation::server(m_ui->serverHostEdit->text(), m_ui->serverPortSpin->value(),
                                                     m_ui->serverDatabaseEdit->text(), m_ui->serverUserEdit->text(),
                                                     m_ui->serverTlsCombo->currentData().toString());
    server.setPassword(m_ui->serverPasswordEdit->text());
    return server;
}

QString HistoryLocationPage::validationError() const
{
    if (!teamServerChosen()) {
        return m_ui->historyPathEdit->text().trimmed().isEmpty() ? tr("Choose a file for this computer's history.")
                                                                 : QString();
    }
    if (m_ui->serverHostEdit->text().trimmed().isEmpty())
        return tr("Give the team server's name or address.");
    if (m_ui->serverDatabaseEdit->text().trimmed().isEmpty())
        return tr("Give the name of the team database.");
    if (m_ui->serverUserEdit->text().trimmed().isEmpty())
        return tr("Give your user name on the team server.");
    return enteredServer().error();
}

void HistoryLocationPage::update()
{
    const bool onServer = teamServerChosen();
    m_ui->fileBox->setEnabled(!onServer);
    m_ui->serverBox->setEnabled(onServer);
    m_ui->testConnectionButton->setEnabled(onServer && !m_testing);
    const QString problem = validationError();
    m_ui->serverError->setText(problem);
    m_ui->serverError->setVisible(!problem.isEmpty());
    Q_EMIT edited();
}

void HistoryLocationPage::testConnection()
{
    if (m_testing || !teamServerChosen())
        return;
    if (const QString problem = validationError(); !problem.isEmpty()) {
        m_ui->testResult->setStyleSheet(ProblemStyle);
        m_ui->testResult->setText(problem);
        Q_EMIT testFinished(problem);
        return;
    }
    m_testing = true;
    const int generation = ++m_testGeneration;
    m_ui->testConnectionButton->setEnabled(false);
    m_ui->testResult->setStyleSheet(QString());
    m_ui->testResult->setText(tr("Testing…"));
    auto answer = std::make_shared<QString>();
    // Connecting can take the connect timeout (seconds) when the host does not answer: a worker waits instead
    // of the dialog. The worker holds values only, so closing the dialog meanwhile is safe.
    QThread *worker = QThread::create([check = m_check, server = enteredServer(), answer] { *answer = check(server); });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &QThread::finished, this, [this, answer, generation] {
        m_testing = false;
        m_ui->testConnectionButton->setEnabled(teamServerChosen());
        if (generation != m_testGeneration)
            return; // the fields changed while it ran: this answer is about other values
        const QString text =
            answer->isEmpty() ? tr("Connected: team history ready.") : tr("Not connected: %1").arg(*answer);
        m_ui->testResult->setStyleSheet(answer->isEmpty() ? OkStyle : ProblemStyle);
        m_ui->testResult->setText(text);
        Q_EMIT testFinished(text);
    });
    worker->start();
}

void HistoryLocationPage::browse()
{
    const QString current = QDir::fromNativeSeparators(m_ui->historyPathEdit->text());
    const QString path = QFileDialog::getSaveFileName(this, tr("History file"), current,
                                                      tr("SQLite history (*.sqlite *.db);;All files (*)"), nullptr,
                                                      QFileDialog::DontConfirmOverwrite);
    if (!path.isEmpty())
        m_ui->historyPathEdit->setText(QDir::toNativeSeparators(path));
}

} // namespace LeadRelay
