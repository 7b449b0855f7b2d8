/* Empty object: the real library is linked through the dependency. */
int ms_shim_placeholder_usrsctp(void) { return 0; }
