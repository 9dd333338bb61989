// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallingRulesFile.h"

#include "StoreLog.h"

#include <QCoreApplication>
#include <QFile>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

QString CallingRulesFile::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/calling-rules.json"_s;
}

CallingRules CallingRulesFile::load(const QString &explicitPath, QString *error)
{
    const QString path = explicitPath.isEmpty() ? defaultPath() : explicitPath;
    if (explicitPath.isEmpty() && !QFile::exists(path))
        return CallingRules::builtIn();
    QFile file(path);
    QString problem;
    CallingRules rules;
    if (!file.open(QIODevice::ReadOnly))
        problem = file.errorString();
    else
        rules = CallingRules::fromJson(file.readAll(), &problem);
    if (!problem.isEmpty()) {
        *error = QCoreApplication::translate("LeadRelay::CallingRulesFile",
                                             "The calling rules in %1 were not used (%2); the built-in rules apply.")
                     .arg(path, problem);
        qCWarning(lcStore).noquote() << *error;
        return CallingRules::builtIn();
    }
    rules.origin = path;
    return rules;
}

} // namespace LeadRelay
