/* app_table.h — fixed capacity of appmgr: one app per flash slot app0..app15. */
#ifndef APPMGR_APP_TABLE_H
#define APPMGR_APP_TABLE_H

#define APPMGR_MAX_APPS 16

#endif
