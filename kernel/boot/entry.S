/*
 * Boot stub entry, at flash offset 0 of bank 0 (the CPU starts here, MMU
 * and caches off). Sets a stack in the first MiB of RAM, above the area
 * where QEMU leaves its own device tree, and calls stub_main() in C, which
 * returns the address of the board device tree prepared in RAM. Then enters
 * the XIP kernel with the ARM boot protocol: r0 = 0, r1 = ~0 (device tree
 * boot), r2 = device tree address.
 */
	.arm
	.section .text.entry, "ax"
	.globl _start
_start:
	ldr	sp, =0x40200000
	bl	stub_main
	mov	r2, r0
	mov	r0, #0
	mvn	r1, #0
	ldr	pc, =KERNEL_ENTRY
	.ltorg
	.section .note.GNU-stack,"",%progbits
