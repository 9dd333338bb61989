// SPDX-License-Identifier: GPL-3.0-or-later
#include "PngIcons.h"

#include <QApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QIconEngine>
#include <QImageReader>
#include <QPixmap>
#include <QPixmapCache>
#include <QStyleOption>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

QImage readPng(const QString &path)
{
    QImageReader reader(path, "png");
    // Even with the format named, detection (on by default) asks every plugin whether it reads the file.
    reader.setAutoDetectImageFormat(false);
    return reader.read();
}

void addPng(QIcon &icon, const QString &path)
{
    if (const QImage image = readPng(path); !image.isNull())
        icon.addPixmap(QPixmap::fromImage(image));
}

// Qt's own files for these icons (qcommonstyle.cpp), at the sizes Qt adds.
QIcon qtStyleIcon(const QString &stem, std::initializer_list<int> sizes)
{
    QIcon icon;
    for (const int size : sizes)
        addPng(icon, u":/qt-project.org/styles/commonstyle/images/%1-%2.png"_s.arg(stem).arg(size));
    return icon;
}

// QPixmap::load's cache key (qpixmap.cpp, Qt 6): path, modification time, size and pixel type, each number as the
// hex digits of its bytes in memory order, low nibble first (qhexstring_p.h).
template <typename T> QString hexBytes(T value)
{
    static constexpr char digits[] = "0123456789abcdef";
    QString text;
    const auto *bytes = reinterpret_cast<const unsigned char *>(&value);
    for (std::size_t i = 0; i < sizeof(T); ++i)
        text += QLatin1Char(digits[bytes[i] & 0xf]) + QLatin1Char(digits[bytes[i] >> 4]);
    return text;
}

// The clear button's icon from the desktop's icon theme, chosen by the names QCommonStyle tries; null without a theme
// or when the theme has none of them.
QIcon themeClearIcon(bool rtl)
{
    if (QIcon::themeName().isEmpty())
        return {};
    QString name = rtl ? u"edit-clear-locationbar-ltr"_s : u"edit-clear-locationbar-rtl"_s;
    if (!QIcon::hasThemeIcon(name))
        name = u"edit-clear"_s;
    return QIcon::hasThemeIcon(name) ? QIcon::fromTheme(name) : QIcon();
}

// The clear button's icon, looked up in the theme when it is first drawn. The button shows only once its field holds
// text, so not for the first paint: the first look-up in a theme reads the theme's index and searches its folders,
// 29 M instructions for Qt's generic X11 theme "hicolor" (which has no such icon), and Qt then read its own PNG
// through the image format plugins, once per line edit of the form (~36 M instructions before the first paint under
// X11, issue 13). Without a theme icon, Qt's own PNG, read as PNG.
class ClearIconEngine : public QIconEngine
{
public:
    explicit ClearIconEngine(bool rtl)
        : m_rtl(rtl)
    {}
    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override
    {
        icon().paint(painter, rect, Qt::AlignCenter, mode, state);
    }
    QSize actualSize(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        return icon().actualSize(size, mode, state);
    }
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        return icon().pixmap(size, mode, state);
    }
    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state, qreal scale) override
    {
        return icon().pixmap(size, scale, mode, state);
    }
    QList<QSize> availableSizes(QIcon::Mode mode, QIcon::State state) override
    {
        return icon().availableSizes(mode, state);
    }
    QString iconName() override { return icon().name(); }
    bool isNull() override { return false; } // Qt's own PNG at the least
    QString key() const override { return u"LeadRelayClearIcon"_s; }
    QIconEngine *clone() const override { return new ClearIconEngine(*this); }

private:
    const QIcon &icon()
    {
        if (m_icon.isNull()) {
            m_icon = themeClearIcon(m_rtl);
            if (m_icon.isNull())
                m_icon = qtStyleIcon(u"cleartext"_s, {16, 32});
        }
        return m_icon;
    }

    bool m_rtl = false;
    QIcon m_icon;
};

} // namespace

void warmStylePixmaps()
{
    // Fusion draws every group box frame from this file, loaded with QPixmap(path) at the first paint.
    const QFileInfo info(u":/qt-project.org/styles/commonstyle/images/fusion_groupbox.png"_s);
    const QImage image = readPng(info.filePath());
    if (image.isNull())
        return;
    const QString key = u"qt_pixmap"_s + info.absoluteFilePath() +
                        hexBytes<uint>(uint(info.lastModified().toSecsSinceEpoch())) +
                        hexBytes<quint64>(quint64(info.size())) + hexBytes<uint>(0u /* QPlatformPixmap::PixmapType */);
    QPixmapCache::insert(key, QPixmap::fromImage(image));
}

void warmClearButtonIcon()
{
    // Every line edit's clear button shares this icon's engine: resolving it once resolves it for all of them.
    if (QStyle *style = QApplication::style())
        style->standardIcon(QStyle::SP_LineEditClearButton).availableSizes();
}

QIcon pngIcon(const QString &path)
{
    QIcon icon;
    addPng(icon, path);
    if (QString hiDpi = path; hiDpi.endsWith(u".png"_s)) {
        hiDpi.insert(hiDpi.size() - 4, u"@2x"_s);
        if (QFile::exists(hiDpi)) {
            if (QImage image = readPng(hiDpi); !image.isNull()) {
                image.setDevicePixelRatio(2);
                icon.addPixmap(QPixmap::fromImage(image));
            }
        }
    }
    return icon;
}

QIcon PngIconStyle::standardIcon(StandardPixmap standardIcon, const QStyleOption *option, const QWidget *widget) const
{
    const bool rtl =
        (option ? option->direction : (widget ? widget->layoutDirection() : Qt::LeftToRight)) == Qt::RightToLeft;
    // Icons from a desktop icon theme are kept per theme: another theme (or none) asks again.
    if (const QString theme = QIcon::themeName(); theme != m_iconTheme) {
        m_icons.clear();
        m_iconTheme = theme;
    }
    const int key = int(standardIcon) * 2 + (rtl ? 1 : 0);
    if (const auto known = m_icons.constFind(key); known != m_icons.cend())
        return *known;
    QIcon icon;
    switch (standardIcon) {
    case SP_ToolBarHorizontalExtensionButton:
        icon = qtStyleIcon(rtl ? u"toolbar-ext-h-rtl"_s : u"toolbar-ext-h"_s, {8, 16, 32});
        break;
    case SP_ToolBarVerticalExtensionButton:
        icon = qtStyleIcon(u"toolbar-ext-v"_s, {5, 10, 20});
        break;
    case SP_LineEditClearButton:
        icon = QIcon(new ClearIconEngine(rtl));
        break;
    default:
        return QProxyStyle::standardIcon(standardIcon, option, widget);
    }
    m_icons.insert(key, icon);
    return icon;
}

} // namespace LeadRelay
