/**
 * Formula cards: for each optimizer, the update we write by hand and the update tf.train
 * performs, where the small constant sits, how the accumulators start, and which settings
 * make the two agree. Every claim here is checked by test/tfjs-parity.test.ts.
 */

/** The optimizers that have a card. */
export type CardName = 'gd' | 'momentum' | 'nesterov' | 'adagrad' | 'rmsprop' | 'adam' | 'adamax' | 'adadelta';

interface Card {
  title: string;
  tfCall: string;
  hand: string;
  tf: string;
  constant: string;
  start: string;
  mapping: string;
  differs: string;
}

const CARDS: Record<CardName, Card> = {
  gd: {
    title: 'Gradient descent',
    tfCall: 'tf.train.sgd(ε)',
    hand: '\\theta \\leftarrow \\theta - \\varepsilon \\circ g',
    tf: '\\theta \\leftarrow \\theta - \\varepsilon\\, g',
    constant: 'No small constant on either side.',
    start: 'No state.',
    mapping: 'Nothing to map: the updates are the same. A tf optimizer has one scalar rate, so a per-parameter ε (figure 5) becomes one variable and one `tf.train.sgd` per distinct rate.',
    differs: 'Only float32 rounding.',
  },
  momentum: {
    title: 'Momentum',
    tfCall: 'tf.train.momentum(ε, μ)',
    hand: 'v \\leftarrow \\mu v - \\varepsilon\\, g(\\theta), \\qquad \\theta \\leftarrow \\theta + v',
    tf: 'a \\leftarrow \\mu a + g(\\theta), \\qquad \\theta \\leftarrow \\theta - \\varepsilon\\, a',
    constant: 'No small constant on either side.',
    start: 'Both start from rest ($v_0 = 0$, $a_0 = 0$) unless told otherwise.',
    mapping: 'tf accumulates raw gradients and multiplies by the rate when it steps, so its slot is the velocity divided by $-\\varepsilon$: $v = -\\varepsilon a$. An initial velocity $v_0$ is installed as $a_0 = -v_0/\\varepsilon$ (per coordinate when ε is per-parameter). With a constant rate the two runs are then the same.',
    differs: 'With a schedule they part: tf steps $-\\varepsilon_t(\\mu a + g)$, which rescales the old velocity by $\\varepsilon_t/\\varepsilon_{t-1}$, whereas $v \\leftarrow \\mu v - \\varepsilon_t g$ keeps it. A decaying rate therefore also damps tf\'s velocity a little faster.',
  },
  nesterov: {
    title: 'Nesterov momentum',
    tfCall: 'tf.train.momentum(ε, μ, true)',
    hand: 'v \\leftarrow \\mu v - \\varepsilon\\, g(\\theta + \\mu v), \\qquad \\theta \\leftarrow \\theta + v',
    tf: 'a \\leftarrow \\mu a + g(\\varphi), \\qquad \\varphi \\leftarrow \\varphi - \\varepsilon\\,\\bigl(g(\\varphi) + \\mu a\\bigr)',
    constant: 'No small constant on either side.',
    start: '$v_0 = 0$ and $a_0 = 0$ unless told otherwise.',
    mapping: 'tf only ever takes the gradient at its own variable, so that variable is the look-ahead point $\\varphi = \\theta + \\mu v$, not θ. Substituting $v = -\\varepsilon a$ and $\\varphi = \\theta + \\mu v$ into the hand-written update gives tf\'s line exactly. The twin therefore starts tf at $\\varphi_0 = \\theta_0 + \\mu v_0$ with $a_0 = -v_0/\\varepsilon$ and reports $\\theta = \\varphi - \\mu v$; the state keeps φ as `ahead`.',
    differs: 'A schedule rescales the velocity as for momentum. Plotting tf\'s raw variable shows the look-ahead path, one velocity step ahead of θ.',
  },
  adagrad: {
    title: 'AdaGrad',
    tfCall: 'tf.train.adagrad(ε, r₀)',
    hand: 'r \\leftarrow r + g \\circ g, \\qquad \\theta \\leftarrow \\theta - \\frac{\\varepsilon}{\\delta + \\sqrt{r}} \\circ g',
    tf: 'r \\leftarrow r + g \\circ g, \\qquad \\theta \\leftarrow \\theta - \\frac{\\varepsilon}{\\sqrt{r + 10^{-7}}} \\circ g',
    constant: 'By hand δ (default $10^{-6}$) is added after the square root. tf adds the backend\'s float32 epsilon, $10^{-7}$, under the root, and it cannot be changed.',
    start: 'By hand $r_0 = 0$. tf starts the accumulator at `initialAccumulatorValue`, **0.1** by default.',
    mapping: 'Give the twin `r0: 0` (it becomes tf\'s initialAccumulatorValue) and the runs agree to float32 precision whenever $g \\circ g$ is well above $10^{-7}$; the hand-written side accepts `r0: 0.1` to copy tf instead.',
    differs: 'With tf\'s default the first step is $\\varepsilon g/\\sqrt{0.1 + g^2}$ instead of $\\varepsilon g/(\\delta + |g|) \\approx \\varepsilon\\,\\mathrm{sign}(g)$: shorter when $|g|$ is small, the same when it is large. After that the extra 0.1 in $r$ matters less and less as $r$ grows.',
  },
  rmsprop: {
    title: 'RMSProp',
    tfCall: 'tf.train.rmsprop(ε, ρ, μ, ε_tf, centered)',
    hand: 'r \\leftarrow \\rho r + (1 - \\rho)\\, g \\circ g, \\qquad \\theta \\leftarrow \\theta - \\frac{\\varepsilon}{\\delta + \\sqrt{r}} \\circ g',
    tf: 'r \\leftarrow \\rho r + (1 - \\rho)\\, g \\circ g, \\quad m \\leftarrow \\mu m + \\frac{\\varepsilon}{\\sqrt{r + \\epsilon_{tf}}} \\circ g, \\quad \\theta \\leftarrow \\theta - m',
    constant: 'By hand δ sits outside the square root; tf\'s $\\epsilon_{tf}$ sits inside it. The twin passes $\\epsilon_{tf} = \\delta^2$: then $\\sqrt{r + \\delta^2}$ and $\\delta + \\sqrt{r}$ coincide when $r = 0$ and when $r \\gg \\delta^2$, and never differ by more than δ.',
    start: 'Both start with $r_0 = 0$ (and tf\'s $m_0 = 0$).',
    mapping: 'tf\'s momentum μ = 0 gives plain RMSProp (its slot $m$ is then just this step\'s move, and the twin reports $v = -m$). With $\\epsilon_{tf} = \\delta^2$ the runs agree to float32 precision.',
    differs: 'Centered RMSProp (`centered: true`) also tracks the mean gradient $\\bar g$ and divides by $\\sqrt{r - \\bar g^2 + \\epsilon_{tf}}$, an estimate of the variance. When the gradient barely changes from step to step that difference is pure rounding and can come out negative: the square root is NaN and the run stops. The article\'s printed RMSProp, which divides the rate in place every step, is a different algorithm again (articleRmsprop).',
  },
  adam: {
    title: 'Adam',
    tfCall: 'tf.train.adam(ε, β₁, β₂, δ)',
    hand: 'm \\leftarrow \\beta_1 m + (1 - \\beta_1) g, \\quad s \\leftarrow \\beta_2 s + (1 - \\beta_2)\\, g \\circ g, \\quad \\theta \\leftarrow \\theta - \\varepsilon\\, \\frac{m/(1 - \\beta_1^t)}{\\sqrt{s/(1 - \\beta_2^t)} + \\delta}',
    tf: '\\text{the same, with } \\beta_1^t, \\beta_2^t \\text{ kept as float32 variables multiplied by } \\beta \\text{ after every step}',
    constant: 'δ after the square root on both sides; the twin passes δ as tf\'s epsilon (default $10^{-7}$ on both).',
    start: '$m_0 = s_0 = 0$ on both sides.',
    mapping: 'Same options, same update.',
    differs: 'Only rounding, but more of it than elsewhere: tf keeps $\\beta_1^t$ and $\\beta_2^t$ in float32 variables multiplied by β after every step, so $\\beta_2^t$ carries a rounding error of a few $10^{-8}$ per step, and $1 - \\beta_2^t$, a small difference of numbers near 1, turns that into a relative error up to about $10^{-4}$ in the bias-corrected $\\hat s$. A float64 Adam that builds $\\beta^t$ the same way lands several times closer to tf than the exact one.',
  },
  adamax: {
    title: 'Adamax',
    tfCall: 'tf.train.adamax(ε, β₁, β₂, δ, 0)',
    hand: 'm \\leftarrow \\beta_1 m + (1 - \\beta_1) g, \\quad u \\leftarrow \\max(\\beta_2 u, |g|), \\quad \\theta \\leftarrow \\theta - \\frac{\\varepsilon}{1 - \\beta_1^t}\\, \\frac{m}{u + \\delta}',
    tf: '\\text{the same, the rate further divided by } 1 + \\text{decay}\\cdot t \\text{ (decay = 0 here)}',
    constant: 'δ added to u on both sides; the twin passes δ as tf\'s epsilon.',
    start: '$m_0 = u_0 = 0$ on both sides.',
    mapping: 'Same options, tf\'s own `decay` left at 0.',
    differs: 'Only float32 rounding. (tf.js cannot save or restore Adamax\'s slots: its getWeights() throws.)',
  },
  adadelta: {
    title: 'AdaDelta',
    tfCall: 'tf.train.adadelta(ε, ρ, δ)',
    hand: 'r \\leftarrow \\rho r + (1 - \\rho)\\, g \\circ g, \\quad \\Delta = \\frac{\\sqrt{u + \\delta}}{\\sqrt{r + \\delta}} \\circ g, \\quad u \\leftarrow \\rho u + (1 - \\rho)\\, \\Delta \\circ \\Delta, \\quad \\theta \\leftarrow \\theta - \\varepsilon \\Delta',
    tf: '\\Delta = \\frac{\\sqrt{u + \\delta}}{\\sqrt{r_{\\text{old}} + \\delta}} \\circ g, \\quad r \\leftarrow \\rho r_{\\text{old}} + (1 - \\rho)\\, g \\circ g, \\quad u \\leftarrow \\rho u + (1 - \\rho)\\, \\Delta \\circ \\Delta, \\quad \\theta \\leftarrow \\theta - \\varepsilon \\Delta',
    constant: 'δ inside both square roots on both sides; the twin passes δ as tf\'s epsilon.',
    start: '$r_0 = u_0 = 0$ on both sides.',
    mapping: 'None makes them equal: tf scales the step by the accumulator as it was *before* this gradient arrived, the hand-written form (Zeiler\'s) by the updated one.',
    differs: 'tf\'s first step has scale $\\sqrt{\\delta}/\\sqrt{\\delta} = 1$, a full step $-\\varepsilon g$, where Zeiler\'s first step is tiny ($\\approx \\varepsilon\\sqrt{\\delta}/\\sqrt{1 - \\rho}$ per coordinate). On $x^2 + y^2$ with ε = 1 tf therefore jumps from θ₀ to −θ₀, and the next scale is again exactly 1, so it jumps back: it alternates between θ₀ and −θ₀ for ever.',
  },
};

/** The names formulaCard accepts. */
export const formulaCardNames: readonly CardName[] = Object.keys(CARDS) as CardName[];

/**
 * A markdown card comparing the hand-written update with tf.train's for one optimizer:
 * both formulas in LaTeX, where the small constant sits, how the state starts, the
 * hyperparameter mapping that makes them agree, and what still differs.
 * Show it in a notebook with tslab.display.markdown(formulaCard('adagrad')).
 */
export function formulaCard(name: CardName): string {
  const card = (CARDS as Record<string, Card | undefined>)[name];
  if (!card) throw new RangeError(`formulaCard: name must be one of ${formulaCardNames.join(', ')}; got ${String(name)}`);
  return [
    `### ${card.title}: by hand and in tf.js (\`${card.tfCall}\`)`,
    '',
    '**By hand**',
    '',
    `$$${card.hand}$$`,
    '',
    '**tf.js**',
    '',
    `$$${card.tf}$$`,
    '',
    `- **The small constant:** ${card.constant}`,
    `- **Starting state:** ${card.start}`,
    `- **Making them agree:** ${card.mapping}`,
    `- **What still differs:** ${card.differs}`,
    '',
  ].join('\n');
}
