// Package printing sends what core/label renders to the station's printer:
// files in a folder, a CUPS queue (`lp -d QUEUE`) or a printer's raw TCP
// port 9100, as set per station in a Config.
//
// Printing never blocks the screen. A Queue spools each job to a file
// before anything is sent, prints from a background goroutine in order,
// reports progress through a callback, retries with backoff when the
// printer is off or unreachable (or at once on Retry), deletes a job's file
// only once the printer has taken it, and picks up whatever is left in the
// spool when it is opened again after a restart. Nothing submitted is lost;
// a job whose delivery succeeded just before a crash may print twice.
package printing
