/*
 * brkprobe - asks brk() for 8 KiB more and exits 1 when the break moved, 0
 * when it did not. No data, no bss, no libc: its only segment is its text
 * (readable and executable), so it still runs with READ_IMPLIES_EXEC,
 * where every other program's writable segment would be refused as
 * writable and executable. Under READ_IMPLIES_EXEC the heap brk makes is
 * executable: an app task's is refused (kernel/patches/0009), a task
 * without identity's is not.
 */
	.syntax	unified
	.arm
	.text
	.global	_start
_start:
	mov	r0, #0
	mov	r7, #45		@ brk(0): the current break
	svc	#0
	mov	r4, r0
	add	r0, r4, #8192
	svc	#0		@ brk(break + 8 KiB): the new break, or the old one
	cmp	r0, r4
	moveq	r0, #0
	movne	r0, #1
	mov	r7, #1		@ exit
	svc	#0
