// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliSupport.h"

#include "store/DncRegistry.h"
#include "store/HistoryStore.h"

#include <QDir>
#include <QFileInfo>

#include <cstdio>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcCli, "leadrelay.cli")

namespace LeadRelay
{

void CliSupport::out(const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void CliSupport::out(const QString &line)
{
    out(QByteArray(line.toUtf8() + '\n'));
}

void CliSupport::err(const QString &line)
{
    const QByteArray bytes = line.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

bool CliSupport::parse(QCommandLineParser &parser, const QString &command, const QString &description,
                       const QStringList &arguments, int *exitCode)
{
    parser.setApplicationDescription(description);
    const QCommandLineOption help(QStringList{u"h"_s, u"help"_s}, tr("Show this help and exit."));
    parser.addOption(help);

    // Options are parsed as if the subcommand were the program, so errors and help name the subcommand.
    if (!parser.parse(arguments)) {
        err(tr("leadrelay-cli %1: %2 Run 'leadrelay-cli %1 --help' for the options.").arg(command, parser.errorText()));
        *exitCode = ExitUsage;
        return false;
    }
    if (parser.isSet(help)) {
        QString text = parser.helpText();
        // helpText() names the executable only; show the full command line a user types.
        const QString usage = tr("Usage: ");
        const qsizetype at = text.indexOf(usage);
        if (at >= 0) {
            const qsizetype end = text.indexOf(u' ', at + usage.size());
            if (end > 0) {
                text.replace(at, end - at, usage + u"leadrelay-cli "_s + command);
            }
        }
        out(text.toUtf8());
        *exitCode = ExitOk;
        return false;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err(tr("leadrelay-cli %1: unexpected argument '%2': every value belongs to an option, e.g. --lead FILE.")
                .arg(command, parser.positionalArguments().constFirst()));
        *exitCode = ExitUsage;
        return false;
    }
    return true;
}

QCommandLineOption CliSupport::registryOption()
{
    return QCommandLineOption(
        u"registry"_s, tr("The do-not-call registry lists' folder (default: %1).").arg(DncRegistry::defaultDirectory()),
        tr("DIR"));
}

QString CliSupport::registryDirectory(const QCommandLineParser &parser)
{
    return parser.isSet(u"registry"_s) ? parser.value(u"registry"_s) : DncRegistry::defaultDirectory();
}

std::shared_ptr<DncRegistry> CliSupport::openRegistry(const QCommandLineParser &parser)
{
    auto registry = std::make_shared<DncRegistry>(registryDirectory(parser));
    if (QString error; !registry->load(&error))
        err(error);
    return registry;
}

QCommandLineOption CliSupport::dbOption()
{
    return QCommandLineOption(u"db"_s,
                              tr("The history: a file (SQLite), or a team server's postgresql:// URI (password "
                                 "from LEADRELAY_DB_PASSWORD or ~/.pgpass). Default: %1.")
                                  .arg(HistoryStore::defaultPath()),
                              tr("FILE|URI"));
}

std::unique_ptr<HistoryStore> CliSupport::openStore(const QCommandLineParser &parser)
{
    QString path = parser.value(u"db"_s);
    if (path.isEmpty()) {
        path = HistoryStore::defaultPath();
    }
    if (HistoryLocation::looksLikeServer(path)) {
        auto store = std::make_unique<HistoryStore>(path);
        if (const QString password = qEnvironmentVariable("LEADRELAY_DB_PASSWORD"); !password.isEmpty())
            store->setPassword(password);
        if (!store->open()) {
            err(tr("Cannot open the team history: %1.").arg(store->lastError()));
            return nullptr;
        }
        return store;
    }
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        err(tr("Cannot create the folder %1 for the history: choose another file with --db FILE.")
                .arg(info.absolutePath()));
        return nullptr;
    }
    auto store = std::make_unique<HistoryStore>(info.absoluteFilePath());
    if (!store->open()) {
        err(tr("Cannot open the history %1: %2. Check the file or choose another with --db FILE.")
                .arg(info.absoluteFilePath(), store->lastError()));
        return nullptr;
    }
    if (const int pending = store->pendingAnswers(); pending > 0) {
        err(tr("Note: %n vendor answer(s) are waiting in the side journal %1 and are not in the history yet: "
               "the history could not be written (%2). They are added the next time it can be.",
               nullptr, pending)
                .arg(store->sideJournalPath(), store->lastError()));
    }
    return store;
}

int CliSupport::exitCodeFor(OutcomeState state)
{
    switch (state) {
    case OutcomeState::Sold:
    case OutcomeState::Accepted:
    case OutcomeState::AcceptedNotSold:
        return ExitOk;
    case OutcomeState::Rejected:
    case OutcomeState::Invalid:
        return ExitRejected;
    case OutcomeState::AccountError:
        return ExitUsage;
    case OutcomeState::NotDelivered:
    case OutcomeState::DeliveryUnknown:
    case OutcomeState::Sending:
        break;
    }
    return ExitNotDelivered;
}

QString CliSupport::printable(const QString &text)
{
    QString result = text;
    for (QChar &c : result) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format) {
            c = u'?';
        }
    }
    return result;
}

} // namespace LeadRelay
