#!/usr/bin/env python3
# The files of src/api form layers: no circle of files that use each other
# (docs/architecture.md, "Layers of src/api"). Reads the built objects with
# nm: a file uses another when it needs a symbol (function, table) the other
# defines. Prints "N files, N edges, N circles"; with a circle, each one with
# the symbols that make its edges, and exits 1. --layers prints the layers,
# bottom first: each file one above the highest it uses.
#
#	tools/api-layers.py [--layers] [OBJDIR]	(default build/obj/src/api)
import collections
import glob
import os
import subprocess
import sys


def graph(objdir):
	defs, uses = {}, collections.defaultdict(set)
	objs = sorted(glob.glob(os.path.join(objdir, '*.o')))
	if not objs:
		sys.exit(f'api-layers: no objects in {objdir} (build first)')
	for o in objs:
		f = os.path.basename(o)[:-2]
		uses[f]
		nm = subprocess.run(['nm', o], capture_output=True, text=True, check=True)
		for line in nm.stdout.splitlines():
			p = line.split()
			if len(p) == 3 and p[1] in 'TDRB':
				defs[p[2]] = f
			elif len(p) == 2 and p[0] == 'U':
				uses[f].add(p[1])
	g, why = collections.defaultdict(set), collections.defaultdict(set)
	for f, us in uses.items():
		g[f]
		for u in us:
			if u in defs and defs[u] != f:
				g[f].add(defs[u])
				why[(f, defs[u])].add(u)
	return g, why


def circles(g):
	"""The strongly connected components of more than one file (Tarjan, no recursion)."""
	index, low, stack, on, found, n = {}, {}, [], set(), [], 0
	for root in sorted(g):
		if root in index:
			continue
		work = [(root, iter(sorted(g[root])))]
		index[root] = low[root] = n
		n += 1
		stack.append(root)
		on.add(root)
		while work:
			v, it = work[-1]
			w = next(it, None)
			if w is not None:
				if w not in index:
					index[w] = low[w] = n
					n += 1
					stack.append(w)
					on.add(w)
					work.append((w, iter(sorted(g[w]))))
				elif w in on:
					low[v] = min(low[v], index[w])
				continue
			work.pop()
			if work:
				low[work[-1][0]] = min(low[work[-1][0]], low[v])
			if low[v] == index[v]:
				c = []
				while True:
					w = stack.pop()
					on.discard(w)
					c.append(w)
					if w == v:
						break
				if len(c) > 1:
					found.append(sorted(c))
	return found


def layers(g):
	level = {}

	def of(f):
		if f not in level:
			level[f] = 1 + max((of(d) for d in g[f]), default=-1)
		return level[f]
	for f in g:
		of(f)
	out = collections.defaultdict(list)
	for f, k in level.items():
		out[k].append(f)
	return [sorted(out[k]) for k in sorted(out)]


def main(argv):
	show = '--layers' in argv
	args = [a for a in argv if a != '--layers']
	g, why = graph(args[0] if args else 'build/obj/src/api')
	cs = circles(g)
	print(f'{len(g)} files, {sum(len(v) for v in g.values())} edges, {len(cs)} circles')
	for c in cs:
		print(f'circle of {len(c)}: {" ".join(c)}')
		for a in c:
			for b in sorted(g[a] & set(c)):
				print(f'  {a} -> {b}: {" ".join(sorted(why[(a, b)]))}')
	if cs:
		print('api-layers: src/api must have no circle: move what both sides use below them '
		    '(docs/architecture.md, "Layers of src/api")')
		return 1
	if show:
		for k, files in enumerate(layers(g)):
			print(f'{k}: {" ".join(files)}')
	return 0


if __name__ == '__main__':
	sys.exit(main(sys.argv[1:]))
