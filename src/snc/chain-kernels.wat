;; The martingale chains' two hot loops (docs/model.md §10.5), in the same arithmetic as their
;; plain TypeScript loops in chain-kernels.ts, so that both give the same bits: WebAssembly's
;; f64 arithmetic is IEEE 754 double with round-to-nearest and no fused multiply-add.
;;
;; `times`: y = A x for a sparse matrix A in compressed rows, the hot loop of the power and
;; Snell iterations and of the window walks. The same sums in the same order as the plain
;; loop — within a row, four partial
;; sums taking the entries by position mod 4 from the row's start (the rest into the first),
;; added as (s0 + s1) + (s2 + s3). Arguments are byte offsets into the exported memory:
;; start (n + 1 i32), idx (i32 per entry), w (f64 per entry), x (f64, read), y (n f64,
;; written).
;;
;; `band`: y = K x for the drawdown walk's kernel (drawdown.ts): row j is col0[j] at column 0
;; and the band entries t0 … t1 of its row of M + 1 (columns off + t, off = j + U − M), summed
;; as the TypeScript loop does — s0 from col0[j]·x[0], the band by fours from t0, the rest
;; into s0, (s0 + s1) + (s2 + s3). Arguments: n, U, M, then byte offsets of col0, band (n rows
;; of M + 1), x and y.
;;
;; `gather`: a piece chain's weights at θ, weight[cell] = Σ over its pieces (in piece order) of
;; mass · e^{−θ·arg} where mass = cum[up] − cum[down] > 0. Arguments: the number of pieces and
;; of cells, then byte offsets of up, down, cell, arg (i32 per piece), cum and expArg (f64
;; tables) and weight (f64 per cell, zeroed first, written).
;;
;; Regenerate the bytes of chain-kernels-wasm.ts with `npm run wasm` after editing this file.
(module
  (memory (export "memory") 1)
  (func (export "times") (param $n i32) (param $start i32) (param $idx i32) (param $w i32) (param $x i32) (param $y i32)
    (local $r i32) (local $q i32) (local $end i32) (local $pi i32) (local $pw i32)
    (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64)
    (local.set $q (i32.load (local.get $start)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $r) (local.get $n)))
        (local.set $s0 (f64.const 0))
        (local.set $s1 (f64.const 0))
        (local.set $s2 (f64.const 0))
        (local.set $s3 (f64.const 0))
        (local.set $end (i32.load (i32.add (local.get $start) (i32.shl (i32.add (local.get $r) (i32.const 1)) (i32.const 2)))))
        ;; four entries at a time: q + 3 < end
        (block $foursDone
          (loop $fours
            (br_if $foursDone (i32.ge_s (i32.add (local.get $q) (i32.const 3)) (local.get $end)))
            (local.set $pi (i32.add (local.get $idx) (i32.shl (local.get $q) (i32.const 2))))
            (local.set $pw (i32.add (local.get $w) (i32.shl (local.get $q) (i32.const 3))))
            (local.set $s0 (f64.add (local.get $s0) (f64.mul (f64.load (local.get $pw))
              (f64.load (i32.add (local.get $x) (i32.shl (i32.load (local.get $pi)) (i32.const 3)))))))
            (local.set $s1 (f64.add (local.get $s1) (f64.mul (f64.load offset=8 (local.get $pw))
              (f64.load (i32.add (local.get $x) (i32.shl (i32.load offset=4 (local.get $pi)) (i32.const 3)))))))
            (local.set $s2 (f64.add (local.get $s2) (f64.mul (f64.load offset=16 (local.get $pw))
              (f64.load (i32.add (local.get $x) (i32.shl (i32.load offset=8 (local.get $pi)) (i32.const 3)))))))
            (local.set $s3 (f64.add (local.get $s3) (f64.mul (f64.load offset=24 (local.get $pw))
              (f64.load (i32.add (local.get $x) (i32.shl (i32.load offset=12 (local.get $pi)) (i32.const 3)))))))
            (local.set $q (i32.add (local.get $q) (i32.const 4)))
            (br $fours)))
        ;; the rest of the row, into the first partial sum
        (block $restDone
          (loop $rest
            (br_if $restDone (i32.ge_s (local.get $q) (local.get $end)))
            (local.set $s0 (f64.add (local.get $s0) (f64.mul
              (f64.load (i32.add (local.get $w) (i32.shl (local.get $q) (i32.const 3))))
              (f64.load (i32.add (local.get $x) (i32.shl (i32.load (i32.add (local.get $idx) (i32.shl (local.get $q) (i32.const 2)))) (i32.const 3)))))))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $rest)))
        (f64.store (i32.add (local.get $y) (i32.shl (local.get $r) (i32.const 3)))
          (f64.add (f64.add (local.get $s0) (local.get $s1)) (f64.add (local.get $s2) (local.get $s3))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))
  (func (export "band") (param $n i32) (param $U i32) (param $M i32) (param $col0 i32) (param $band i32) (param $x i32) (param $y i32)
    (local $j i32) (local $off i32) (local $t i32) (local $t1 i32) (local $pb i32) (local $px i32)
    (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64)
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $j) (local.get $n)))
        (local.set $off (i32.sub (i32.add (local.get $j) (local.get $U)) (local.get $M)))
        ;; t0 = max(0, 1 − off), t1 = min(M, n − 1 − off)
        (local.set $t (select (i32.sub (i32.const 1) (local.get $off)) (i32.const 0) (i32.gt_s (i32.sub (i32.const 1) (local.get $off)) (i32.const 0))))
        (local.set $t1 (select (local.get $M) (i32.sub (i32.sub (local.get $n) (i32.const 1)) (local.get $off)) (i32.lt_s (local.get $M) (i32.sub (i32.sub (local.get $n) (i32.const 1)) (local.get $off)))))
        (local.set $s0 (f64.mul (f64.load (i32.add (local.get $col0) (i32.shl (local.get $j) (i32.const 3)))) (f64.load (local.get $x))))
        (local.set $s1 (f64.const 0))
        (local.set $s2 (f64.const 0))
        (local.set $s3 (f64.const 0))
        (block $foursDone
          (loop $fours
            (br_if $foursDone (i32.gt_s (i32.add (local.get $t) (i32.const 3)) (local.get $t1)))
            (local.set $pb (i32.add (local.get $band) (i32.shl (i32.add (i32.mul (local.get $j) (i32.add (local.get $M) (i32.const 1))) (local.get $t)) (i32.const 3))))
            (local.set $px (i32.add (local.get $x) (i32.shl (i32.add (local.get $off) (local.get $t)) (i32.const 3))))
            (local.set $s0 (f64.add (local.get $s0) (f64.mul (f64.load (local.get $pb)) (f64.load (local.get $px)))))
            (local.set $s1 (f64.add (local.get $s1) (f64.mul (f64.load offset=8 (local.get $pb)) (f64.load offset=8 (local.get $px)))))
            (local.set $s2 (f64.add (local.get $s2) (f64.mul (f64.load offset=16 (local.get $pb)) (f64.load offset=16 (local.get $px)))))
            (local.set $s3 (f64.add (local.get $s3) (f64.mul (f64.load offset=24 (local.get $pb)) (f64.load offset=24 (local.get $px)))))
            (local.set $t (i32.add (local.get $t) (i32.const 4)))
            (br $fours)))
        (block $restDone
          (loop $rest
            (br_if $restDone (i32.gt_s (local.get $t) (local.get $t1)))
            (local.set $s0 (f64.add (local.get $s0) (f64.mul
              (f64.load (i32.add (local.get $band) (i32.shl (i32.add (i32.mul (local.get $j) (i32.add (local.get $M) (i32.const 1))) (local.get $t)) (i32.const 3))))
              (f64.load (i32.add (local.get $x) (i32.shl (i32.add (local.get $off) (local.get $t)) (i32.const 3)))))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $rest)))
        (f64.store (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 3)))
          (f64.add (f64.add (local.get $s0) (local.get $s1)) (f64.add (local.get $s2) (local.get $s3))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows))))
  (func (export "gather") (param $np i32) (param $nc i32) (param $up i32) (param $down i32) (param $cell i32) (param $arg i32) (param $cum i32) (param $exp i32) (param $weight i32)
    (local $q i32) (local $o i32) (local $mass f64) (local $pw i32)
    (memory.fill (local.get $weight) (i32.const 0) (i32.shl (local.get $nc) (i32.const 3)))
    (block $done
      (loop $pieces
        (br_if $done (i32.ge_s (local.get $q) (local.get $np)))
        (local.set $o (i32.shl (local.get $q) (i32.const 2)))
        (local.set $mass (f64.sub
          (f64.load (i32.add (local.get $cum) (i32.shl (i32.load (i32.add (local.get $up) (local.get $o))) (i32.const 3))))
          (f64.load (i32.add (local.get $cum) (i32.shl (i32.load (i32.add (local.get $down) (local.get $o))) (i32.const 3))))))
        (if (f64.gt (local.get $mass) (f64.const 0))
          (then
            (local.set $pw (i32.add (local.get $weight) (i32.shl (i32.load (i32.add (local.get $cell) (local.get $o))) (i32.const 3))))
            (f64.store (local.get $pw) (f64.add (f64.load (local.get $pw))
              (f64.mul (local.get $mass) (f64.load (i32.add (local.get $exp) (i32.shl (i32.load (i32.add (local.get $arg) (local.get $o))) (i32.const 3)))))))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $pieces)))))
