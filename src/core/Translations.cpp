// SPDX-License-Identifier: GPL-3.0-or-later
#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

void installTranslations(QCoreApplication *app)
{
    auto *translator = new QTranslator(app);
    if (translator->load(QLocale(), u"leadrelay"_s, u"_"_s, u":/i18n"_s))
        QCoreApplication::installTranslator(translator);
    auto *qtTranslator = new QTranslator(app);
    if (qtTranslator->load(QLocale(), u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator);
}

} // namespace LeadRelay
