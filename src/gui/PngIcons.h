// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Icons on the first screen without Qt's image format plugins (issue 13). QIcon(path) and QPixmap(path) ask
// QImageReader to detect the format, and detection opens every plugin in plugins/imageformats (SVG with Qt Svg,
// JPEG with libjpeg, GIF, ICO): a few milliseconds of dynamic linking before the first paint, for PNGs that Qt
// Gui reads itself. Naming the format and turning detection off skips them. The menu bar asks the style for its
// extension-button icon when it is created, and a line edit with a clear button for that icon, so the style gives
// those the same way (the clear button's from the desktop's icon theme when it has one, looked up when the button is
// first drawn).

#include <QHash>
#include <QIcon>
#include <QProxyStyle>

namespace LeadRelay
{

// A PNG, with its @2x variant where there is one, read as PNG (no format detection).
QIcon pngIcon(const QString &path);

// Fusion draws group box frames from a PNG it loads with QPixmap(path) on the first paint: read it as PNG into the
// pixmap cache under the key QPixmap::load looks for. Should the key ever differ (another Qt), Qt loads it itself.
void warmStylePixmaps();

// Looks the clear button's icon up in the desktop's icon theme now (GUI thread), so that the first character typed
// into a field, which shows its clear button, does not wait for the theme's folders to be searched. For just after
// the first paint (main.cpp).
void warmClearButtonIcon();

// The application's style, except that the icons a window asks for while it is built are read as PNG.
class PngIconStyle : public QProxyStyle
{
    Q_OBJECT

public:
    using QProxyStyle::QProxyStyle;
    QIcon standardIcon(StandardPixmap standardIcon, const QStyleOption *option = nullptr,
                       const QWidget *widget = nullptr) const override;

private:
    // Read once: the form asks for the clear button's icon once per line edit, a few dozen times while it is built.
    mutable QHash<int, QIcon> m_icons;
    mutable QString m_iconTheme; // the icon theme m_icons were read under
};

} // namespace LeadRelay
