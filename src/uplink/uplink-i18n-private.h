/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Binds the library's gettext domain; every entry point that returns
 * translated text calls it first. */
void uplink_ensure_translations (void);

G_END_DECLS
