/* Empty object: the real library is linked through the dependency. */
int ms_shim_placeholder_libsrtp2(void) { return 0; }
