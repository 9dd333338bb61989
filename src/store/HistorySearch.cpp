// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistorySearch.h"

#include <QSqlQuery>

#include <cmath>

using namespace Qt::StringLiterals;

namespace LeadRelay::HistorySearch
{

namespace
{

// Trigrams that cover text (by Unicode code point, as FTS5's trigram tokenizer counts): one every three
// characters and the last three. Fewer terms than every overlapping trigram and the same narrowing in practice;
// the exact LIKE decides anyway. Each is an FTS5 string (double quotes doubled), so nothing typed is syntax.
QStringList coveringTrigrams(const QString &text)
{
    const QList<uint> points = text.toUcs4();
    QStringList terms;
    auto add = [&](qsizetype from) {
        const QString trigram = QString::fromUcs4(reinterpret_cast<const char32_t *>(points.constData() + from), 3);
        const QString term = u'"' + QString(trigram).replace(u"\""_s, u"\"\""_s) + u'"';
        if (!terms.contains(term))
            terms.append(term);
    };
    for (qsizetype from = 0; from + 3 <= points.size(); from += 3)
        add(from);
    if (points.size() % 3 != 0)
        add(points.size() - 3);
    return terms;
}

} // namespace

qint64 candidateCount(const QSqlDatabase &db, const QString &match)
{
    QSqlQuery query(db);
    query.prepare(u"SELECT COUNT(*) FROM submissions_search WHERE submissions_search MATCH ?"_s);
    query.addBindValue(match);
    if (!query.exec() || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

void preferOrderIndex(HistorySql::Where &where, const QSqlDatabase &db, int limit)
{
    if (where.ftsMatch.isEmpty())
        return;
    QSqlQuery rows(db);
    if (!rows.exec(u"SELECT MAX(rowid) FROM submissions"_s) || !rows.next())
        return;
    // Reading c candidates by rowid and sorting them costs about c row reads; walking the order's index with the
    // LIKEs alone until `limit` rows match costs about rows * limit / c row reads, and needs no index at all. The
    // second wins once c * c > rows * limit ("nguyen", one row in twelve at 1M: 1,200 rows read instead of 83,000).
    // Counting the candidates only up to that point keeps the question cheap.
    const qint64 dense = qint64(std::sqrt(double(rows.value(0).toLongLong()) * double(limit))) + 1;
    QSqlQuery query(db);
    query.prepare(u"SELECT COUNT(*) FROM (SELECT rowid FROM submissions_search WHERE submissions_search MATCH ? "
                  "LIMIT ?)"_s);
    query.addBindValue(where.ftsMatch);
    query.addBindValue(dense);
    if (!query.exec() || !query.next() || query.value(0).toLongLong() < dense)
        return;
    // The value stays bound in its place; the condition no longer narrows anything.
    where.conditions[where.ftsCondition] = u"? IS NOT NULL"_s;
}

QString ftsQuery(const QString &text, const QString &digits)
{
    if (text.toUcs4().size() < 3 || (!digits.isEmpty() && digits.size() < 3))
        return {};
    QString query = u'(' + coveringTrigrams(text).join(u" AND "_s) + u')';
    if (!digits.isEmpty() && digits != text)
        query += u" OR ("_s + coveringTrigrams(digits).join(u" AND "_s) + u')';
    return query;
}

void addCandidates(HistorySql::Where &where, const QString &text, const QString &digits, bool sqlite)
{
    if (sqlite) {
        const QString match = ftsQuery(text, digits);
        if (match.isEmpty())
            return;
        where.ftsCondition = int(where.conditions.size());
        where.ftsMatch = match;
        where.conditions.append(u"rowid IN (SELECT rowid FROM submissions_search WHERE submissions_search MATCH ?)"_s);
        where.values.append(match);
        return;
    }
    // The same expression as the index, so the planner can use it.
    const QString expression = postgresSearchExpression();
    QString condition = expression + u" LIKE ? ESCAPE '!'"_s;
    where.values.append(QString(u'%' + HistorySql::likeEscaped(text.toLower()) + u'%'));
    if (!digits.isEmpty()) {
        condition = u'(' + condition + u" OR "_s + expression + u" LIKE ?)"_s;
        where.values.append(QString(u'%' + digits + u'%'));
    }
    where.conditions.append(condition);
}

} // namespace LeadRelay::HistorySearch
