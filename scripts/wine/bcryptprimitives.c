/* A stand-in for Windows 10's bcryptprimitives.dll, which Debian bookworm's Wine 8.0
 * lacks and the Go runtime (1.24 and later) loads at start for ProcessPrng.
 * scripts/wine-smoke.sh puts it into the throw-away Wine prefix only; the
 * shipped stationhand.exe uses the real one on Windows. */
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buf, ULONG len);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
	while (len > 0) {
		ULONG n = len > 0x7fffffff ? 0x7fffffff : (ULONG)len;
		if (!SystemFunction036(data, n)) return FALSE;
		data += n; len -= n;
	}
	return TRUE;
}
