// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistorySearch.h"

#include <QSqlQuery>

#include <algorithm>
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

namespace
{

struct Estimate
{
    qint64 candidates = -1; // -1 on error
    qint64 rows = 0;        // the rowid range's size: about the number of rows
    bool counted = false;   // fewer than EstimateSample: candidates is the index's count
};

Estimate estimate(const QSqlDatabase &db, const QString &match)
{
    Estimate result;
    QSqlQuery query(db);
    // FTS5 walks its doclists newest first for ORDER BY rowid DESC, so this reads EstimateSample candidates.
    query.prepare(u"SELECT rowid FROM submissions_search WHERE submissions_search MATCH ? ORDER BY rowid DESC "
                  "LIMIT 1 OFFSET ?"_s);
    query.addBindValue(match);
    query.addBindValue(EstimateSample - 1);
    if (!query.exec())
        return result;
    if (!query.next()) {
        result.counted = true;
        result.candidates = candidateCount(db, match);
        return result;
    }
    const qint64 oldestSampled = query.value(0).toLongLong();
    query.finish();
    // Each of these is one step down the table's b-tree. Rowids are dense: rows are only ever appended, and
    // retention removes the oldest, so the range is about the number of rows.
    QSqlQuery range(db);
    if (!range.exec(u"SELECT (SELECT MIN(rowid) FROM submissions), (SELECT MAX(rowid) FROM submissions)"_s) ||
        !range.next())
        return result;
    result.rows = range.value(1).toLongLong() - range.value(0).toLongLong() + 1;
    const qint64 sampledRows = std::max<qint64>(1, range.value(1).toLongLong() - oldestSampled + 1);
    result.candidates =
        std::max<qint64>(EstimateSample, qint64(double(EstimateSample) * double(result.rows) / double(sampledRows)));
    return result;
}

} // namespace

qint64 estimatedCount(const QSqlDatabase &db, const QString &match, bool *counted)
{
    const Estimate found = estimate(db, match);
    *counted = found.counted;
    if (found.candidates < 0 || found.counted)
        return found.candidates;
    // Two significant digits: 83,412 would claim a precision the sample does not have.
    const double value = double(found.candidates);
    const double unit = std::pow(10.0, std::max(0.0, std::floor(std::log10(value)) - 1));
    return qint64(std::llround(value / unit) * unit);
}

void preferOrderIndex(HistorySql::Where &where, const QSqlDatabase &db, int limit)
{
    if (where.ftsMatch.isEmpty())
        return;
    // Reading c candidates by rowid and sorting them costs about c row reads; walking the order's index with the
    // LIKEs alone until `limit` rows match costs about rows * limit / c row reads, and needs no index at all. The
    // second wins once c * c > rows * limit ("nguyen", one row in twelve at 1M: 1,200 rows read instead of 83,000).
    // The estimate answers that from EstimateSample candidates; fewer than that are cheap to read anyway.
    const Estimate found = estimate(db, where.ftsMatch);
    if (found.candidates < 0 || found.counted ||
        double(found.candidates) * double(found.candidates) <= double(found.rows) * double(limit))
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
