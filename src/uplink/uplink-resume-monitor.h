/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define UPLINK_TYPE_RESUME_MONITOR (uplink_resume_monitor_get_type ())
G_DECLARE_FINAL_TYPE (UplinkResumeMonitor, uplink_resume_monitor, UPLINK, RESUME_MONITOR, GObject)

UplinkResumeMonitor *uplink_resume_monitor_get_default (void);

G_END_DECLS
