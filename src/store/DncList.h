// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "DncEntry.h"

#include <QCoreApplication>
#include <QList>
#include <QSqlDatabase>
#include <QStringList>

#include <optional>

namespace LeadRelay
{

class HistoryStore;

// The company do-not-call list, kept in the history (migration 10) so a team server shares it with the floor.
// Any login that sends may add; only a supervisor (team server) or the desk's own user, with a reason, may
// remove, and a removal is recorded, never a deletion. HistoryStore::beginChecked() refuses a lead whose phone is
// listed in the same transaction that would record it, so no path (form, CLI, batch) can send it.
class DncList
{
    Q_DECLARE_TR_FUNCTIONS(DncList)

public:
    explicit DncList(HistoryStore *store);

    // Adds the phone (any format; kept as its 10 digits). Already listed: the existing entry, unchanged.
    std::optional<DncEntry> add(const QString &phone, const QString &agent, const QString &reason,
                                const QString &source);
    // Records the removal of the phone's active entry. Refused without a reason, for an agent of a team server,
    // or when the phone is not listed.
    bool remove(const QString &phone, const QString &by, const QString &reason);
    std::optional<DncEntry> activeEntry(const QString &phone);
    // Newest first; removed entries too when includeRemoved.
    std::optional<QList<DncEntry>> entries(bool includeRemoved);
    // Many phones in one transaction; returns how many were added (already listed ones are skipped), -1 on error
    // (and then none was). *invalid receives the inputs that are not a 10-digit US number.
    int import(const QStringList &phones, const QString &agent, const QString &reason, QStringList *invalid);
    QString lastError() const { return m_error; }

    // The 10 digits of a US number, or empty (shared with the store's refusal and the registry files).
    static QString digits(const QString &phone);
    // The active entry for these digits, inside the caller's transaction (HistoryStore::beginIn).
    static std::optional<DncEntry> activeIn(const QSqlDatabase &db, const QString &digits, QString *error);

private:
    bool fail(const QString &what, const QString &detail = QString());
    std::optional<DncEntry> insertIn(const QSqlDatabase &db, const QString &digits, const QString &agent,
                                     const QString &reason, const QString &source, QString *error);

    HistoryStore *m_store;
    QString m_error;
};

} // namespace LeadRelay
