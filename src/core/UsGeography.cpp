// SPDX-License-Identifier: GPL-3.0-or-later
// US state codes, the ZIP 3-digit prefix table, Rules::state and Rules::zip.
#include "LeadValidator.h"
#include "RuleSupport.h"

#include <QRegularExpression>

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

using namespace RuleSupport;

struct StateName
{
    const char *code;
    const char *name;
};

// Sorted by code (binary search). Names let the rule suggest the code when the agent types "Ohio".
constexpr std::array<StateName, 56> states{{
    {"AK", "Alaska"},
    {"AL", "Alabama"},
    {"AR", "Arkansas"},
    {"AS", "American Samoa"},
    {"AZ", "Arizona"},
    {"CA", "California"},
    {"CO", "Colorado"},
    {"CT", "Connecticut"},
    {"DC", "District of Columbia"},
    {"DE", "Delaware"},
    {"FL", "Florida"},
    {"GA", "Georgia"},
    {"GU", "Guam"},
    {"HI", "Hawaii"},
    {"IA", "Iowa"},
    {"ID", "Idaho"},
    {"IL", "Illinois"},
    {"IN", "Indiana"},
    {"KS", "Kansas"},
    {"KY", "Kentucky"},
    {"LA", "Louisiana"},
    {"MA", "Massachusetts"},
    {"MD", "Maryland"},
    {"ME", "Maine"},
    {"MI", "Michigan"},
    {"MN", "Minnesota"},
    {"MO", "Missouri"},
    {"MP", "Northern Mariana Islands"},
    {"MS", "Mississippi"},
    {"MT", "Montana"},
    {"NC", "North Carolina"},
    {"ND", "North Dakota"},
    {"NE", "Nebraska"},
    {"NH", "New Hampshire"},
    {"NJ", "New Jersey"},
    {"NM", "New Mexico"},
    {"NV", "Nevada"},
    {"NY", "New York"},
    {"OH", "Ohio"},
    {"OK", "Oklahoma"},
    {"OR", "Oregon"},
    {"PA", "Pennsylvania"},
    {"PR", "Puerto Rico"},
    {"RI", "Rhode Island"},
    {"SC", "South Carolina"},
    {"SD", "South Dakota"},
    {"TN", "Tennessee"},
    {"TX", "Texas"},
    {"UT", "Utah"},
    {"VA", "Virginia"},
    {"VI", "U.S. Virgin Islands"},
    {"VT", "Vermont"},
    {"WA", "Washington"},
    {"WI", "Wisconsin"},
    {"WV", "West Virginia"},
    {"WY", "Wyoming"},
}};

struct PrefixRange
{
    int first;
    int last;
    const char *states; // space-separated codes
};

// USPS 3-digit ZIP prefixes (sectional centers), as inclusive ranges in ascending order. Prefixes not listed
// are unassigned; military prefixes (AA, AE, AP) are kept apart because they are not states.
constexpr PrefixRange prefixRanges[] = {
    {5, 5, "NY"},     {6, 7, "PR"},        {8, 8, "VI"},     {9, 9, "PR"},     {10, 27, "MA"},   {28, 29, "RI"},
    {30, 38, "NH"},   {39, 49, "ME"},      {50, 54, "VT"},   {55, 55, "MA"},   {56, 59, "VT"},   {60, 69, "CT"},
    {70, 89, "NJ"},   {100, 149, "NY"},    {150, 196, "PA"}, {197, 199, "DE"}, {200, 200, "DC"}, {201, 201, "VA"},
    {202, 205, "DC"}, {206, 212, "MD"},    {214, 219, "MD"}, {220, 246, "VA"}, {247, 268, "WV"}, {270, 289, "NC"},
    {290, 299, "SC"}, {300, 319, "GA"},    {320, 339, "FL"}, {341, 342, "FL"}, {344, 344, "FL"}, {346, 347, "FL"},
    {349, 349, "FL"}, {350, 352, "AL"},    {354, 369, "AL"}, {370, 385, "TN"}, {386, 397, "MS"}, {398, 399, "GA"},
    {400, 418, "KY"}, {420, 427, "KY"},    {430, 459, "OH"}, {460, 479, "IN"}, {480, 499, "MI"}, {500, 516, "IA"},
    {520, 528, "IA"}, {530, 532, "WI"},    {534, 535, "WI"}, {537, 549, "WI"}, {550, 551, "MN"}, {553, 567, "MN"},
    {569, 569, "DC"}, {570, 577, "SD"},    {580, 588, "ND"}, {590, 599, "MT"}, {600, 620, "IL"}, {622, 629, "IL"},
    {630, 631, "MO"}, {633, 641, "MO"},    {644, 658, "MO"}, {660, 662, "KS"}, {664, 679, "KS"}, {680, 681, "NE"},
    {683, 693, "NE"}, {700, 701, "LA"},    {703, 708, "LA"}, {710, 714, "LA"}, {716, 729, "AR"}, {730, 731, "OK"},
    {733, 733, "TX"}, {734, 741, "OK"},    {743, 749, "OK"}, {750, 770, "TX"}, {772, 799, "TX"}, {800, 816, "CO"},
    {820, 831, "WY"}, {832, 838, "ID"},    {840, 847, "UT"}, {850, 850, "AZ"}, {852, 853, "AZ"}, {855, 857, "AZ"},
    {859, 860, "AZ"}, {863, 865, "AZ"},    {870, 875, "NM"}, {877, 884, "NM"}, {885, 885, "TX"}, {889, 891, "NV"},
    {893, 895, "NV"}, {897, 898, "NV"},    {900, 908, "CA"}, {910, 928, "CA"}, {930, 961, "CA"}, {967, 967, "HI AS"},
    {968, 968, "HI"}, {969, 969, "GU MP"}, {970, 979, "OR"}, {980, 986, "WA"}, {988, 994, "WA"}, {995, 999, "AK"},
};

constexpr PrefixRange militaryRanges[] = {{90, 98, "AE"}, {340, 340, "AA"}, {962, 966, "AP"}};

// Expanded once into a 1000-entry table: a lookup per keystroke is then an index, not a search.
const std::array<QStringList, 1000> &prefixTable()
{
    static const std::array<QStringList, 1000> table = [] {
        std::array<QStringList, 1000> result;
        for (const PrefixRange &range : prefixRanges) {
            const QStringList codes = QString::fromLatin1(range.states).split(u' ');
            for (int prefix = range.first; prefix <= range.last; ++prefix)
                result[prefix] = codes;
        }
        return result;
    }();
    return table;
}

bool isMilitaryPrefix(int prefix)
{
    return std::any_of(std::begin(militaryRanges), std::end(militaryRanges),
                       [prefix](const PrefixRange &range) { return prefix >= range.first && prefix <= range.last; });
}

const StateName *findState(const QString &code)
{
    const auto it =
        std::lower_bound(states.cbegin(), states.cend(), code, [](const StateName &state, const QString &wanted) {
            return QLatin1StringView(state.code) < wanted;
        });
    return (it != states.cend() && QLatin1StringView(it->code) == code) ? &*it : nullptr;
}

const StateName *findStateByName(const QString &name)
{
    for (const StateName &state : states) {
        if (QLatin1StringView(state.name).compare(name, Qt::CaseInsensitive) == 0)
            return &state;
    }
    return nullptr;
}

} // namespace

const QStringList &usStateCodes()
{
    static const QStringList codes = [] {
        QStringList result;
        for (const StateName &state : states)
            result.append(QString::fromLatin1(state.code));
        return result;
    }();
    return codes;
}

bool isUsStateCode(const QString &code)
{
    return findState(code) != nullptr;
}

QStringList statesForZipPrefix(const QString &prefix)
{
    if (prefix.size() != 3)
        return {};
    bool ok = false;
    const int number = prefix.toInt(&ok);
    if (!ok || number < 0 || !prefix.at(0).isDigit())
        return {};
    return prefixTable()[number];
}

FieldIssues Rules::state(const QString &value, const QString &field)
{
    const QString code = value.trimmed().toUpper();
    if (findState(code))
        return {};
    if (code == u"AA"_s || code == u"AE"_s || code == u"AP"_s) {
        return error(
            field, LeadValidator::tr("%1 is a military (APO/FPO) code; a service address needs a US state.").arg(code));
    }
    if (const StateName *byName = findStateByName(value.trimmed())) {
        return error(field, LeadValidator::tr("Use the two-letter code %1 for %2.")
                                .arg(QLatin1StringView(byName->code), QLatin1StringView(byName->name)));
    }
    if (code.size() != 2)
        return error(field, LeadValidator::tr("Use the two-letter state code, e.g. CA or NY."));
    return error(field,
                 LeadValidator::tr("%1 is not a US state code. Use the two-letter code, e.g. CA or NY.").arg(code));
}

FieldIssues Rules::zip(const QString &value, const QString &state, const QString &field)
{
    static const QRegularExpression pattern(u"^[0-9]{5}(-[0-9]{4})?$"_s);
    const QString trimmed = value.trimmed();
    if (!pattern.match(trimmed).hasMatch()) {
        return error(field, LeadValidator::tr("A ZIP code has 5 digits, e.g. 90001 (or ZIP+4 like 90001-1234)."));
    }
    const QString zip5 = trimmed.left(5);
    const int prefix = zip5.left(3).toInt();
    if (isMilitaryPrefix(prefix)) {
        return warning(field, LeadValidator::tr("ZIP %1 is a military (APO/FPO) ZIP code, not a home address in a "
                                                "state. Check the ZIP code.")
                                  .arg(zip5));
    }
    const QStringList &expected = prefixTable()[prefix];
    if (expected.isEmpty()) {
        return warning(field,
                       LeadValidator::tr("No US ZIP code starts with %1. Check the ZIP code.").arg(zip5.left(3)));
    }
    const QString stateCode = state.trimmed().toUpper();
    // Only a known state can contradict the ZIP; an unknown one has its own message on the state field.
    if (!findState(stateCode) || expected.contains(stateCode))
        return {};
    // Warning, not error: a few ZIP areas cross state lines.
    return warning(field, LeadValidator::tr("ZIP %1 is usually in %2, not %3. Check the ZIP code and the state.")
                              .arg(zip5, expected.join(LeadValidator::tr(" or ")), stateCode));
}

} // namespace LeadRelay
