/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void uplink_test_wait_for_frame (GtkWidget *widget);

G_END_DECLS
