/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#define UPLINK_INSIDE
#include "uplink-version.h"
#include "uplink-enums.h"
#include "uplink-state.h"
#include "uplink-profile.h"
#include "uplink-error.h"
#include "uplink-backoff.h"
#include "uplink-clock.h"
#include "uplink-redact.h"
#include "uplink-status-source.h"
#include "uplink-status-model.h"
#include "uplink-connection-listener.h"
#include "uplink-connection.h"
#include "uplink-describe.h"
#include "uplink-history.h"
#undef UPLINK_INSIDE
