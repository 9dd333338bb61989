// SPDX-License-Identifier: GPL-3.0-or-later
#include "DncList.h"

#include "DncCheck.h"

#include "HistorySql.h"
#include "HistoryStore_p.h"
#include "StoreLog.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

using namespace HistorySql;

namespace
{

const QString Columns = u"id, phone, added_at, added_by, reason, source, removed_at, removed_by, removal_reason"_s;

DncEntry entryFrom(const QSqlQuery &query)
{
    DncEntry entry;
    entry.id = query.value(0).toString();
    entry.phone = query.value(1).toString();
    entry.addedAt = timeFromValue(query.value(2));
    entry.addedBy = query.value(3).toString();
    entry.reason = query.value(4).toString();
    entry.source = query.value(5).toString();
    entry.removedAt = query.value(6).isNull() ? QDateTime() : timeFromValue(query.value(6));
    entry.removedBy = query.value(7).toString();
    entry.removalReason = query.value(8).toString();
    return entry;
}

// A null QString binds as SQL NULL; the columns are NOT NULL with '' for "not given".
QString textOrEmpty(const QString &text)
{
    return text.isNull() ? u""_s : text;
}

} // namespace

DncList::DncList(HistoryStore *store)
    : m_store(store)
{}

QString DncList::digits(const QString &phone)
{
    QString result;
    for (const QChar c : phone) {
        if (c.isDigit() && c.unicode() < 128)
            result.append(c);
    }
    if (result.size() == 11 && result.startsWith(u'1'))
        result.remove(0, 1);
    // NANP: area code and exchange never start with 0 or 1.
    if (result.size() != 10 || result.at(0) < u'2' || result.at(3) < u'2')
        return QString();
    return result;
}

bool DncList::fail(const QString &what, const QString &detail)
{
    m_error = detail.isEmpty() ? what : tr("%1: %2").arg(what, detail);
    qCWarning(lcStore).noquote() << m_error;
    return false;
}

std::optional<DncEntry> DncList::activeIn(const QSqlDatabase &db, const QString &digits, QString *error)
{
    QSqlQuery query(db);
    if (!execBound(query,
                   u"SELECT "_s + Columns +
                       u" FROM dnc_entries WHERE phone = ? AND removed_at IS NULL ORDER BY added_at LIMIT 1"_s,
                   {digits})) {
        *error = query.lastError().text();
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    return entryFrom(query);
}

std::optional<DncEntry> DncList::insertIn(const QSqlDatabase &db, const QString &digits, const QString &agent,
                                          const QString &reason, const QString &source, QString *error)
{
    if (auto existing = activeIn(db, digits, error))
        return existing;
    if (!error->isEmpty())
        return std::nullopt;
    DncEntry entry;
    entry.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    entry.phone = digits;
    entry.addedAt = m_store->d->clock().toUTC();
    entry.addedBy = agent;
    entry.reason = reason;
    entry.source = source;
    QSqlQuery insert(db);
    if (!execBound(insert,
                   u"INSERT INTO dnc_entries (id, phone, added_at, added_by, reason, source) "
                   "VALUES (?, ?, ?, ?, ?, ?)"_s,
                   {entry.id, entry.phone, timeValue(entry.addedAt), textOrEmpty(agent), textOrEmpty(reason),
                    textOrEmpty(source)})) {
        *error = insert.lastError().text();
        return std::nullopt;
    }
    return entry;
}

std::optional<DncEntry> DncList::add(const QString &phone, const QString &agent, const QString &reason,
                                     const QString &source)
{
    const QString number = digits(phone);
    if (number.isEmpty()) {
        fail(tr("Not a 10-digit US phone number: %1").arg(phone));
        return std::nullopt;
    }
    if (!m_store->ready()) {
        fail(tr("Could not add to the do-not-call list"), m_store->lastError());
        return std::nullopt;
    }
    WriteTransaction transaction(m_store->d->db);
    if (!transaction.isActive()) {
        fail(tr("Could not add to the do-not-call list"), transaction.error());
        return std::nullopt;
    }
    QString error;
    auto entry = insertIn(m_store->d->db, number, agent, reason, source, &error);
    if (!entry || !transaction.commit()) {
        fail(tr("Could not add to the do-not-call list"), error.isEmpty() ? transaction.error() : error);
        return std::nullopt;
    }
    qCInfo(lcStore) << "Do-not-call entry" << entry->id << "recorded";
    return entry;
}

bool DncList::remove(const QString &phone, const QString &by, const QString &reason)
{
    const QString number = digits(phone);
    if (number.isEmpty())
        return fail(tr("Not a 10-digit US phone number: %1").arg(phone));
    if (reason.trimmed().isEmpty())
        return fail(tr("A removal from the do-not-call list needs a reason."));
    // The server refuses it anyway (GRANTs, row-level security); this only says so in plain words first.
    if (m_store->role() == HistoryStore::Role::Agent || m_store->role() == HistoryStore::Role::Receiver)
        return fail(tr("Only a supervisor can remove a number from the do-not-call list."));
    if (!m_store->ready())
        return fail(tr("Could not remove from the do-not-call list"), m_store->lastError());
    WriteTransaction transaction(m_store->d->db);
    if (!transaction.isActive())
        return fail(tr("Could not remove from the do-not-call list"), transaction.error());
    QSqlQuery update(m_store->d->db);
    if (!execBound(update,
                   u"UPDATE dnc_entries SET removed_at = ?, removed_by = ?, removal_reason = ? "
                   "WHERE phone = ? AND removed_at IS NULL"_s,
                   {timeValue(m_store->d->clock().toUTC()), textOrEmpty(by), reason.trimmed(), number}))
        return fail(tr("Could not remove from the do-not-call list"), update.lastError().text());
    if (update.numRowsAffected() < 1)
        return fail(tr("%1 is not on the do-not-call list.").arg(number));
    if (!transaction.commit())
        return fail(tr("Could not remove from the do-not-call list"), transaction.error());
    qCInfo(lcStore) << "Do-not-call removal recorded";
    return true;
}

std::optional<DncEntry> DncList::activeEntry(const QString &phone)
{
    m_error.clear();
    const QString number = digits(phone);
    if (number.isEmpty())
        return std::nullopt;
    if (!m_store->ready()) {
        fail(tr("Could not read the do-not-call list"), m_store->lastError());
        return std::nullopt;
    }
    QString error;
    auto entry = activeIn(m_store->d->db, number, &error);
    if (!error.isEmpty())
        fail(tr("Could not read the do-not-call list"), error);
    return entry;
}

std::optional<QList<DncEntry>> DncList::entries(bool includeRemoved)
{
    if (!m_store->ready()) {
        fail(tr("Could not read the do-not-call list"), m_store->lastError());
        return std::nullopt;
    }
    QSqlQuery query(m_store->d->db);
    const QString where = includeRemoved ? QString() : u" WHERE removed_at IS NULL"_s;
    if (!query.exec(u"SELECT "_s + Columns + u" FROM dnc_entries"_s + where + u" ORDER BY added_at DESC, id"_s)) {
        fail(tr("Could not read the do-not-call list"), query.lastError().text());
        return std::nullopt;
    }
    QList<DncEntry> result;
    while (query.next())
        result.append(entryFrom(query));
    return result;
}

int DncList::import(const QStringList &phones, const QString &agent, const QString &reason, QStringList *invalid)
{
    if (!m_store->ready()) {
        fail(tr("Could not import into the do-not-call list"), m_store->lastError());
        return -1;
    }
    WriteTransaction transaction(m_store->d->db);
    if (!transaction.isActive()) {
        fail(tr("Could not import into the do-not-call list"), transaction.error());
        return -1;
    }
    int added = 0;
    for (const QString &phone : phones) {
        const QString number = digits(phone);
        if (number.isEmpty()) {
            if (invalid && !phone.trimmed().isEmpty())
                invalid->append(phone);
            continue;
        }
        QString error;
        const bool known = activeIn(m_store->d->db, number, &error).has_value();
        if (!error.isEmpty() || (!known && !insertIn(m_store->d->db, number, agent, reason, u"import"_s, &error))) {
            fail(tr("Could not import into the do-not-call list"), error);
            return -1;
        }
        if (!known)
            ++added;
    }
    if (!transaction.commit()) {
        fail(tr("Could not import into the do-not-call list"), transaction.error());
        return -1;
    }
    return added;
}

} // namespace LeadRelay

namespace LeadRelay
{

DncCheck DncCheck::of(DncList &list, const DncRegistry *registry, const QString &phone, const QDateTime &now)
{
    DncCheck check;
    check.phone = DncList::digits(phone);
    check.checkedAtUtc = now.toUTC();
    if (check.phone.isEmpty())
        return check;
    check.company = list.activeEntry(check.phone);
    if (!check.company && !list.lastError().isEmpty())
        check.error = list.lastError();
    if (registry)
        check.registry = registry->lookup(check.phone);
    return check;
}

} // namespace LeadRelay
