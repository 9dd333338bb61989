// SPDX-License-Identifier: GPL-3.0-or-later
// The consumer's time zone from the service address: one IANA zone per state, and ZIP-prefix ranges where a
// state spans two zones. A 3-digit prefix is the finest unit the lead reliably carries; where a prefix itself
// straddles the line, both zones are listed and the window must hold in both (the cautious reading).
#include "CallingWindow.h"

#include <QRegularExpression>

#include <iterator>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

struct StateZone
{
    const char *state;
    const char *zone;
};

// The zone of most of each state's population; the split states' exceptions follow in splitRanges.
constexpr StateZone stateZones[] = {
    {"AK", "America/Anchorage"},   {"AL", "America/Chicago"},     {"AR", "America/Chicago"},
    {"AS", "Pacific/Pago_Pago"},   {"AZ", "America/Phoenix"},     {"CA", "America/Los_Angeles"},
    {"CO", "America/Denver"},      {"CT", "America/New_York"},    {"DC", "America/New_York"},
    {"DE", "America/New_York"},    {"FL", "America/New_York"},    {"GA", "America/New_York"},
    {"GU", "Pacific/Guam"},        {"HI", "Pacific/Honolulu"},    {"IA", "America/Chicago"},
    {"ID", "America/Boise"},       {"IL", "America/Chicago"},     {"IN", "America/Indiana/Indianapolis"},
    {"KS", "America/Chicago"},     {"KY", "America/New_York"},    {"LA", "America/Chicago"},
    {"MA", "America/New_York"},    {"MD", "America/New_York"},    {"ME", "America/New_York"},
    {"MI", "America/Detroit"},     {"MN", "America/Chicago"},     {"MO", "America/Chicago"},
    {"MP", "Pacific/Saipan"},      {"MS", "America/Chicago"},     {"MT", "America/Denver"},
    {"NC", "America/New_York"},    {"ND", "America/Chicago"},     {"NE", "America/Chicago"},
    {"NH", "America/New_York"},    {"NJ", "America/New_York"},    {"NM", "America/Denver"},
    {"NV", "America/Los_Angeles"}, {"NY", "America/New_York"},    {"OH", "America/New_York"},
    {"OK", "America/Chicago"},     {"OR", "America/Los_Angeles"}, {"PA", "America/New_York"},
    {"PR", "America/Puerto_Rico"}, {"RI", "America/New_York"},    {"SC", "America/New_York"},
    {"SD", "America/Chicago"},     {"TN", "America/Chicago"},     {"TX", "America/Chicago"},
    {"UT", "America/Denver"},      {"VA", "America/New_York"},    {"VI", "America/St_Thomas"},
    {"VT", "America/New_York"},    {"WA", "America/Los_Angeles"}, {"WI", "America/Chicago"},
    {"WV", "America/New_York"},    {"WY", "America/Denver"},
};

struct SplitRange
{
    const char *state;
    int first; // ZIP 3-digit prefixes, inclusive
    int last;
    const char *zones; // space-separated; two when the prefix itself straddles the line
};

// Where a state spans two zones (USPS sectional centers against the zone boundaries of 49 CFR part 71).
constexpr SplitRange splitRanges[] = {
    // Florida's panhandle west of the Apalachicola River (Pensacola, Panama City) is Central.
    {"FL", 324, 325, "America/Chicago"},
    // Texas: El Paso and Hudspeth counties are Mountain.
    {"TX", 798, 799, "America/Denver"},
    {"TX", 885, 885, "America/Denver"},
    // Tennessee: East Tennessee (Chattanooga, Knoxville, Johnson City) is Eastern; 373 straddles the line.
    {"TN", 373, 373, "America/New_York America/Chicago"},
    {"TN", 374, 379, "America/New_York"},
    // Kentucky: the western part (Paducah, Bowling Green, Owensboro, Henderson) is Central; 427 straddles.
    {"KY", 420, 424, "America/Chicago"},
    {"KY", 427, 427, "America/New_York America/Chicago"},
    // Indiana: the Chicago area (Gary) and the Evansville area are Central.
    {"IN", 463, 464, "America/Chicago"},
    {"IN", 476, 477, "America/Chicago"},
    // Michigan: four Upper Peninsula counties on the Wisconsin line are Central; their prefixes straddle.
    {"MI", 498, 499, "America/Detroit America/Menominee"},
    // North Dakota: the southwest (Dickinson) is Mountain; Williston's prefix straddles.
    {"ND", 586, 586, "America/Denver"},
    {"ND", 588, 588, "America/Chicago America/Denver"},
    // South Dakota: the west (Rapid City) is Mountain; Mobridge's prefix straddles.
    {"SD", 576, 576, "America/Chicago America/Denver"},
    {"SD", 577, 577, "America/Denver"},
    // Nebraska: the panhandle (Scottsbluff, Alliance) is Mountain; North Platte's and Valentine's straddle.
    {"NE", 691, 692, "America/Chicago America/Denver"},
    {"NE", 693, 693, "America/Denver"},
    // Kansas: four western counties (Sherman, Wallace, Greeley, Hamilton) are Mountain; their prefixes straddle.
    {"KS", 677, 678, "America/Chicago America/Denver"},
    // Idaho: the panhandle and Lewiston are Pacific.
    {"ID", 835, 835, "America/Los_Angeles"},
    {"ID", 838, 838, "America/Los_Angeles"},
    // Oregon: most of Malheur County is Mountain; its prefix straddles.
    {"OR", 979, 979, "America/Los_Angeles America/Boise"},
};

QStringList split(const char *zones)
{
    return QString::fromLatin1(zones).split(u' ', Qt::SkipEmptyParts);
}

} // namespace

QStringList ConsumerTimeZone::zonesFor(const QString &stateInput, const QString &zipInput)
{
    const QString state = stateInput.trimmed().toUpper();
    static const QRegularExpression zipPattern(u"^(\\d{3})\\d{2}(-?\\d{4})?$"_s);
    const QRegularExpressionMatch zip = zipPattern.match(zipInput.trimmed());
    if (zip.hasMatch()) {
        const int prefix = zip.captured(1).toInt();
        for (const SplitRange &range : splitRanges) {
            if (state == QLatin1String(range.state) && prefix >= range.first && prefix <= range.last)
                return split(range.zones);
        }
    }
    for (const StateZone &entry : stateZones) {
        if (state == QLatin1String(entry.state))
            return {QString::fromLatin1(entry.zone)};
    }
    return {};
}

} // namespace LeadRelay
