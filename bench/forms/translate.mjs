/**
 * Translates the benchmark form from Homeward's format into each peer library's nearest
 * equivalent. Conditions in the benchmark only compare a sibling answer with a constant
 * (`{"==": [{"var": "<section>.<sibling>"}, <constant>]}`), which both peers express exactly.
 */

/** Reads `{"==": [{"var": "a.b"}, c]}` into { path: ['a','b'], value: c }; anything else is refused. */
function readCondition(rule, where) {
	const eq = rule && rule['=='];
	if (!Array.isArray(eq) || eq.length !== 2 || typeof eq[0]?.var !== 'string') {
		throw new Error(`${where}: the benchmark translator only handles {"==": [{"var": ...}, constant]}`);
	}
	return { path: eq[0].var.split('.'), value: eq[1] };
}

/** The JSON Schema part both peers share: no x-ui, no draft-2020-12 `$schema` (both peers default to draft-07). */
function plainSchema(node) {
	const out = {};
	for (const [k, v] of Object.entries(node)) {
		if (k === 'x-ui' || k === '$schema' || k === '$id' || k === 'version') continue;
		if (k === 'properties') {
			out.properties = Object.fromEntries(Object.entries(v).map(([name, child]) => [name, plainSchema(child)]));
		} else if (k === 'items') {
			out.items = plainSchema(v);
		} else {
			out[k] = v;
		}
	}
	return out;
}

/* ---------------- react-jsonschema-form ---------------- */

/**
 * rjsf: `x-ui.showWhen` on a property becomes `allOf: [{ if: { properties: { sibling: { const } },
 * required: [sibling] }, then: { properties: { question } } }]` on the enclosing object, with the
 * question removed from the object's own properties (rjsf renders `then` properties only while
 * the `if` holds). Widgets and hints go to the uiSchema.
 */
export function toRjsf(form) {
	const notes = new Set();
	function convert(node, path) {
		const { properties: _p, items: _i, ...own } = node;
		const schema = plainSchema(own);
		const ui = {};
		const x = node['x-ui'] ?? {};
		if (x.widget === 'textarea') ui['ui:widget'] = 'textarea';
		if (x.rows) ui['ui:options'] = { ...(ui['ui:options'] ?? {}), rows: x.rows };
		if (x.widget === 'radios' || x.widget === 'yesno') ui['ui:widget'] = 'radio';
		if (x.widget === 'checkboxes') ui['ui:widget'] = 'checkboxes';
		if (x.widget === 'tel') ui['ui:options'] = { ...(ui['ui:options'] ?? {}), inputType: 'tel' };
		if (x.hint) ui['ui:help'] = x.hint;
		if (node.items) {
			const item = convert(node.items, [...path, 'items']);
			schema.items = item.schema;
			if (Object.keys(item.ui).length) ui.items = item.ui;
		}
		if (node.properties) {
			schema.properties = {};
			const branches = new Map();
			for (const [name, child] of Object.entries(node.properties)) {
				const c = convert(child, [...path, name]);
				if (Object.keys(c.ui).length) ui[name] = c.ui;
				const showWhen = child['x-ui']?.showWhen;
				if (showWhen === undefined) {
					schema.properties[name] = c.schema;
					continue;
				}
				const cond = readCondition(showWhen, [...path, name].join('.'));
				const sibling = cond.path.at(-1);
				if (cond.path.slice(0, -1).join('.') !== path.join('.')) {
					throw new Error(`${[...path, name].join('.')}: condition must read a sibling answer`);
				}
				const key = JSON.stringify([sibling, cond.value]);
				if (!branches.has(key)) branches.set(key, { sibling, value: cond.value, then: {} });
				branches.get(key).then[name] = c.schema;
				notes.add('x-ui.showWhen {"==":[{"var":sibling},c]} -> allOf[{if:{properties:{sibling:{const:c}},required:[sibling]},then:{properties:{...}}}]');
			}
			if (branches.size) {
				schema.allOf = [...branches.values()].map((b) => ({
					if: { properties: { [b.sibling]: { const: b.value } }, required: [b.sibling] },
					then: { properties: b.then }
				}));
			}
		}
		return { schema, ui };
	}
	const { schema, ui } = convert(form, []);
	notes.add('x-ui.widget radios/yesno -> ui:widget radio; textarea -> ui:widget textarea; checkboxes -> ui:widget checkboxes; hint -> ui:help');
	return { schema, uiSchema: ui, notes: [...notes] };
}

/* ---------------- JSON Forms ---------------- */

/**
 * JSON Forms: objects become Groups in a generated UI schema, questions become Controls, and
 * `x-ui.showWhen` becomes a rule `{ effect: SHOW, condition: { scope: <sibling>, schema: { const } } }`.
 */
export function toJsonForms(form) {
	const notes = new Set();
	const scopeOf = (path) => '#/' + path.map((p) => `properties/${p}`).join('/');
	function control(name, node, path) {
		const x = node['x-ui'] ?? {};
		const el = { type: 'Control', scope: scopeOf(path) };
		const options = {};
		if (x.widget === 'textarea') options.multi = true;
		if (x.widget === 'radios') options.format = 'radio';
		if (Object.keys(options).length) el.options = options;
		if (x.showWhen !== undefined) {
			const cond = readCondition(x.showWhen, path.join('.'));
			el.rule = {
				effect: 'SHOW',
				condition: { scope: scopeOf(cond.path), schema: { const: cond.value }, failWhenUndefined: true }
			};
			notes.add('x-ui.showWhen {"==":[{"var":p},c]} -> rule {effect:SHOW, condition:{scope:#/properties/p, schema:{const:c}}}');
		}
		return el;
	}
	function layout(node, path) {
		const elements = [];
		for (const [name, child] of Object.entries(node.properties)) {
			const p = [...path, name];
			if (child.type === 'object' && child.properties) {
				elements.push({ type: 'Group', label: child.title, elements: layout(child, p) });
			} else {
				elements.push(control(name, child, p));
			}
		}
		return elements;
	}
	const schema = plainSchema(form);
	// JSON Forms reads a control's description as its hint.
	(function hints(src, dst) {
		for (const [name, child] of Object.entries(src.properties ?? {})) {
			if (child['x-ui']?.hint) dst.properties[name].description = child['x-ui'].hint;
			if (child.properties) hints(child, dst.properties[name]);
		}
	})(form, schema);
	const uischema = { type: 'VerticalLayout', elements: layout(form, []) };
	notes.add('objects -> Group layouts; x-ui.widget textarea -> options.multi; radios -> options.format radio; hint -> description');
	notes.add('yes/no and multi-select have no vanilla equivalent: rendered as checkbox and as a primitive-array table');
	return { schema, uischema, notes: [...notes] };
}
