// SPDX-License-Identifier: GPL-3.0-or-later
// Placeholder: the form comes with the desktop-app issue.
#include <QWidget>
void leadrelayGuiPlaceholder() {}
