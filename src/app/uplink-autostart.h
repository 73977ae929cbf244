/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define UPLINK_TYPE_AUTOSTART (uplink_autostart_get_type ())

G_DECLARE_FINAL_TYPE (UplinkAutostart, uplink_autostart, UPLINK, AUTOSTART, GObject)

UplinkAutostart *uplink_autostart_new          (GSettings       *settings) G_GNUC_WARN_UNUSED_RESULT;
GSettings       *uplink_autostart_get_settings (UplinkAutostart *self);

G_END_DECLS
