/*
 * defconf.c: the configuration flowd uses when there is no config file
 * (and none was named with -f).  It listens on loopback only, so an
 * unconfigured flowd never takes exports from the network by surprise;
 * every value is a macro, so -D changes it without a file:
 *	flowd -D listen_on=0.0.0.0:9995 -D log=/srv/flows/flowd.log
 */
#include "compat.h"
#include "daemon.h"

const char flowd_default_conf[] =
    "# flowd's built-in configuration\n"
    "listen_on = \"127.0.0.1:2055\"\n"
    "log = \"" LOCALSTATEDIR "/log/flowd\"\n"
    "pid = \"" FLOWD_PIDFILE "\"\n"
    "listen on $listen_on\n"
    "logfile $log\n"
    "pidfile $pid\n"
    "store ALL\n";
